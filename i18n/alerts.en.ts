/** Strings of failure alerts, digests, the welcome card and the `alerts` command (English; the keys). Japanese: alerts.ja.ts. */
export const alertsEn = {
  // alert card
  'alerts.card.title.Failed': 'Backup failed: {job}',
  'alerts.card.title.Warning': 'Backup finished with warnings: {job}',
  'alerts.card.title.Success': 'Backup succeeded: {job}',
  'alerts.card.title.None': 'Backup in progress: {job}',
  'alerts.card.result': 'Result',
  'alerts.card.ended': 'Ended',
  'alerts.card.duration': 'Duration',
  'alerts.card.size': 'Size',
  'alerts.card.server': 'Server',
  'alerts.card.error': 'Error from Veeam',
  'alerts.card.objects': 'Objects with problems',
  'alerts.card.timesIn': 'Times in {zone}',
  'alerts.card.recovered': 'Recovered: a later run succeeded at {time}.',
  'alerts.card.retry': 'Retry',
  'alerts.card.history': 'History',

  // digest card
  'alerts.digest.title': 'Grouped backup alerts: {count}',
  'alerts.digest.intro': 'More than {threshold} alerts arrived within {minutes} minutes, so further ones are grouped here. This card updates as more arrive.',
  'alerts.digest.period': 'Period',
  'alerts.digest.results': 'Results',
  'alerts.digest.resultCounts': 'Failed {failed}, Warning {warning}, Success {success}',
  'alerts.digest.jobs': 'Jobs ({count})',
  'alerts.digest.errors': 'Most common errors',
  'alerts.digest.errorLine': '{count}× {line}',
  'alerts.digest.noErrors': 'No error message was reported.',

  // welcome card
  'alerts.welcome.title': 'Veeam Backup bot is here',
  'alerts.welcome.body': 'I will post failure alerts for Veeam backup jobs in this channel, one card per failure (grouped into one card when many fail at once).',
  'alerts.welcome.change': 'To change it, mention me here: "alerts" shows the settings, "alerts on warning" adds warnings, "alerts on failed SQL" only jobs whose name contains SQL, "alerts off" stops alerts. Type "help" for all commands.',

  // alerts command
  'alerts.cmd.unknownConversation': 'I don\u2019t know this conversation yet. Please try again in a moment.',
  'alerts.cmd.statusOn': 'Alerts are on in this conversation: {level}{filter}.',
  'alerts.cmd.statusOff': 'Alerts are off in this conversation. Turn them on with "alerts on" (failures) or "alerts on warning" / "alerts on all".',
  'alerts.cmd.filter': ', only jobs whose name contains "{filter}"',
  'alerts.cmd.level.failed': 'failures',
  'alerts.cmd.level.warning': 'failures and warnings',
  'alerts.cmd.level.all': 'every finished run',
  'alerts.cmd.unreachable': 'Alerts cannot be delivered here: Teams refused the last one ({reason}, {time}). Re-add the app to this team or chat; the next message here turns alerts back on.',
  'alerts.cmd.removed': 'The app was removed from here ({time}); alerts stopped.',
  'alerts.cmd.counts': 'Delivered {sent}, waiting {pending}, grouped {folded}, failed {failed}.',
  'alerts.cmd.turnedOn': 'Done: alerts on for {level}{filter}.',
  'alerts.cmd.turnedOff': 'Done: alerts off. Turn them back on with "alerts on".',
  'alerts.cmd.usage': 'Usage: alerts | alerts on [failed|warning|all] [job name filter] | alerts off',
} as const;
