/** The chat console against the real app: a new channel post (alert) is printed, and a bare word is a command. */
import { PassThrough, Writable } from 'node:stream';
import { runChatConsole } from '../../local-teams/chat-console';
import { startConnectorStandIn, type ConnectorStandIn } from '../../local-teams/connector-stand-in';
import { postJobComplete } from '../helpers/http';
import { makeJobEvent } from '../helpers/make-job-event';
import { startTestApp, type TestApp } from '../helpers/start-test-app';

let app: TestApp;
let connector: ConnectorStandIn;

beforeAll(async () => {
  [app, connector] = await Promise.all([startTestApp({ ALERT_POLL_INTERVAL_MS: '50' }), startConnectorStandIn()]);
});
afterAll(async () => {
  await Promise.all([app.dispose(), connector.close()]);
});

test('an alert posted as a new channel thread is shown; typing "history" after it runs the command, not its button', async () => {
  const input = new PassThrough();
  let out = '';
  const output = new Writable({ write: (chunk, _enc, done) => ((out += String(chunk)), done()) });
  const running = runChatConsole({ botUrl: app.url, connector, input, output, idle: () => app.bot.idle() });
  const waitFor = async (pattern: RegExp) => {
    for (let i = 0; i < 100 && !pattern.test(out); i++) await new Promise((r) => setTimeout(r, 50));
    expect(out).toMatch(pattern);
  };

  input.write('/channel\nalerts on\n');
  await waitFor(/alerts on for failures/i);
  expect((await postJobComplete(app.url, makeJobEvent({ jobName: 'VM Backup Job 7' }))).status).toBe(200);
  await waitFor(/bot posted in the channel:\n.*Backup failed: VM Backup Job 7/);
  expect(out).toMatch(/\[\d+\] History/);

  input.write('history\n');
  await waitFor(/== Job history ==/);
  expect(out).not.toContain('(pressing');
  input.end();
  await running;
});
