/**
 * The composition root: builds every part from the configuration and wires them together.
 * Only this file knows which store adapter, Veeam adapter and notifier are in use.
 */
import type { Config } from './config/config';
import { secretValues } from './config/config';
import { createLogger, type Logger } from './logger';
import { createHttpServer } from './api/create-server';
import { registerHealthRoutes } from './api/routes/health';
import { registerJobCompleteRoute } from './api/routes/job-complete';
import { registerMessagesRoute } from './api/routes/messages';
import { registerHistoryRoutes } from './api/routes/history';
import { createTabAuth, tabAuthSettings } from './api/auth/tab-auth';
import { registerTabRoutes } from './tab/register-tab-routes';
import { createAdapter } from './bot/create-adapter';
import { VeeamTeamsBot } from './bot/teams-bot';
import type { BotClock } from './bot/command';
import { lazyVeeamClient } from './bot/lazy-veeam-client';
import { createVeeamClient } from './veeam/create-veeam-client';
import { cacheJobList } from './veeam/cache-job-list';
import { veeamOptionsFromConfig } from './veeam/veeam-client-options';
import type { VeeamClient } from './veeam/veeam-client';
import type { StoredRunListener } from './events/handle-job-event';
import { createAlertPipeline, type AlertPipeline } from './events/alert-pipeline';
import { ConversationTracker, registerConversationTracking } from './bot/conversation-tracker';
import { ProactiveNotifier } from './bot/proactive-notifier';
import type { Store } from './store/store';
import { openSqliteStore } from './store/sqlite/open-sqlite-store';
import { openMongoStore } from './store/mongodb/open-mongo-store';

export interface RunningApp {
  url: string;
  config: Config;
  logger: Logger;
  store: Store;
  /** The Teams bot (tests wait for its background work with bot.idle()). */
  bot: VeeamTeamsBot;
  /** Failure alerts: outbox worker, session poller, in-progress completion. */
  alerts: AlertPipeline;
  close(): Promise<void>;
}

export interface AppOverrides {
  logger?: Logger;
  /** Where the store lives is normally decided by MONGODB_URI; tests may hand one in. */
  store?: Store;
  /** A VeeamClient to use instead of the one built from VEEAM_* (tests, demo). */
  veeam?: VeeamClient;
  /** The bot's clock (tests make polling fast). */
  botClock?: BotClock;
}

export async function openStore(config: Config): Promise<Store> {
  if (config.MONGODB_URI) {
    return openMongoStore({ uri: config.MONGODB_URI, dbName: config.MONGODB_DB, retentionDays: config.HISTORY_RETENTION_DAYS });
  }
  return openSqliteStore({ dataDir: config.DATA_DIR, busyTimeoutMs: config.STORE_BUSY_TIMEOUT_MS, retentionDays: config.HISTORY_RETENTION_DAYS });
}

export async function startApp(config: Config, overrides: AppOverrides = {}): Promise<RunningApp> {
  const logger = overrides.logger ?? createLogger({ level: config.LOG_LEVEL, secrets: secretValues(config) });
  const store = overrides.store ?? (await openStore(config));
  logger.info({ store: store.kind, dataDir: store.kind === 'sqlite' ? config.DATA_DIR : undefined }, 'history store opened');

  if (!config.WEBHOOK_SECRET) {
    logger.warn('WEBHOOK_SECRET is not set: POST /api/veeam/job-complete accepts events from anyone who can reach this port. Set WEBHOOK_SECRET (openssl rand -hex 32) before production.');
  }
  if (!config.MicrosoftAppId) {
    logger.warn('MicrosoftAppId is empty: Bot Framework authentication is disabled (local development and tests only).');
  }

  if (config.VEEAM_ENABLED && !config.VEEAM_VERIFY_SSL) {
    logger.warn('VEEAM_VERIFY_SSL=false: the Veeam server certificate will not be checked. Development only; set VEEAM_CA_BUNDLE or VEEAM_CERT_FINGERPRINT instead.');
  }

  const listeners: StoredRunListener[] = [];

  const adapter = createAdapter(config, logger);
  const veeam = overrides.veeam ?? (config.VEEAM_ENABLED ? lazyVeeamClient(async () => cacheJobList(await createVeeamClient(veeamOptionsFromConfig(config, logger)))) : undefined);
  const bot = new VeeamTeamsBot({
    adapter,
    appId: config.MicrosoftAppId ?? '',
    store,
    veeam,
    logger,
    operators: config.BOT_OPERATORS,
    defaultTimeZone: config.DEFAULT_TIMEZONE,
    polling: { intervalMs: config.VEEAM_POLLING_INTERVAL * 1000, timeoutMs: config.VEEAM_POLLING_TIMEOUT * 1000 },
    clock: overrides.botClock,
  });

  registerConversationTracking(bot, new ConversationTracker({ conversations: store.conversations, logger, defaultTimeZone: config.DEFAULT_TIMEZONE }));
  const alerts = createAlertPipeline({
    store,
    notifier: new ProactiveNotifier({ adapter, appId: config.MicrosoftAppId ?? '' }),
    logger: logger.child({ component: 'alerts' }),
    veeam,
    storm: { threshold: config.ALERT_STORM_THRESHOLD, windowMs: config.ALERT_STORM_WINDOW * 1000 },
    defaultTimeZone: config.DEFAULT_TIMEZONE,
    worker: { pollIntervalMs: config.ALERT_POLL_INTERVAL_MS, backoff: { baseMs: config.ALERT_RETRY_BASE_MS, maxMs: 15 * 60_000 }, maxAttempts: config.ALERT_MAX_ATTEMPTS },
    veeamPolling: { intervalMs: config.VEEAM_POLLING_INTERVAL * 1000, timeoutMs: config.VEEAM_POLLING_TIMEOUT * 1000 },
    pollSessions: config.VEEAM_POLL_SESSIONS,
  });
  listeners.push(alerts.listener);

  const http = createHttpServer(logger);
  registerHealthRoutes(http.server, store);
  registerJobCompleteRoute(http.server, {
    secret: config.WEBHOOK_SECRET,
    allowedIps: config.WEBHOOK_ALLOWED_IPS,
    events: { history: store.history, logger, listeners },
    logger,
  });
  registerMessagesRoute(http.server, adapter, bot);
  // History tab: static page at /tab/*, data at /api/history* (Teams SSO; loopback-only without MicrosoftAppId).
  const tabAuth = createTabAuth(tabAuthSettings(config));
  if (tabAuth.mode === 'entra') logger.info(tabAuth.startupMessage);
  else if (tabAuth.mode === 'loopback-dev') logger.warn(tabAuth.startupMessage);
  else logger.error(tabAuth.startupMessage);
  registerTabRoutes(http.server);
  registerHistoryRoutes(http.server, { history: store.history, auth: tabAuth, logger });

  const url = await http.listen(config.PORT, config.HOST);
  logger.info({ url, port: http.port(), listensOn: config.HOST ?? 'all interfaces' }, 'listening');
  await alerts.start();

  let closing: Promise<void> | undefined;
  return {
    url,
    config,
    logger,
    store,
    bot,
    alerts,
    close() {
      closing ??= (async () => {
        await http.close();
        await alerts.stop();
        await veeam?.close().catch((err: unknown) => logger.warn({ err }, 'Veeam log-off failed'));
        await store.close();
        logger.info('stopped');
      })();
      return closing;
    },
  };
}
