import { ConfigError } from '../../errors';
import { manifestValuesFromEnv } from '../../manifest/manifest-values';
import { APP_ID } from './helpers';

const ok = { MicrosoftAppId: APP_ID, PUBLIC_URL: 'https://veeam-bot.contoso.com' };

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    manifestValuesFromEnv(env, '0.1.0');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('manifestValuesFromEnv', () => {
  it('maps MicrosoftAppId and PUBLIC_URL, version from package.json', () => {
    expect(manifestValuesFromEnv(ok, '0.1.0')).toEqual({
      TEAMS_APP_ID: APP_ID,
      BOT_ID: APP_ID,
      BOT_DOMAIN: 'veeam-bot.contoso.com',
      APP_VERSION: '0.1.0',
      PRIVACY_URL: 'https://veeam-bot.contoso.com/tab/history.html',
      TERMS_OF_USE_URL: 'https://veeam-bot.contoso.com/tab/history.html',
    });
  });

  it('takes APP_VERSION, privacy and terms URLs when given; keeps a non-default port; drops a trailing slash', () => {
    const v = manifestValuesFromEnv(
      { ...ok, PUBLIC_URL: 'https://Bot.Contoso.com:8443/', APP_VERSION: '2.0.10', TEAMS_APP_PRIVACY_URL: 'https://contoso.com/p', TEAMS_APP_TERMS_URL: 'https://contoso.com/t' },
      '0.1.0',
    );
    expect(v).toMatchObject({ BOT_DOMAIN: 'bot.contoso.com:8443', APP_VERSION: '2.0.10', PRIVACY_URL: 'https://contoso.com/p', TERMS_OF_USE_URL: 'https://contoso.com/t' });
  });

  it('names both missing variables with what they should be', () => {
    const problems = problemsOf({ MicrosoftAppId: '  ', PUBLIC_URL: undefined });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^MicrosoftAppId: required .*Application \(client\) ID/);
    expect(problems[1]).toMatch(/^PUBLIC_URL: required .*https:\/\//);
    expect(() => manifestValuesFromEnv({}, '0.1.0')).toThrow(/Invalid configuration:\n {2}MicrosoftAppId: required/);
  });

  it.each([
    [{ ...ok, MicrosoftAppId: 'my-bot' }, /^MicrosoftAppId: expected a GUID/],
    [{ ...ok, PUBLIC_URL: 'http://veeam-bot.contoso.com' }, /^PUBLIC_URL: must start with https:\/\//],
    [{ ...ok, PUBLIC_URL: 'https://contoso.com/bot' }, /^PUBLIC_URL: expected only scheme and host/],
    [{ ...ok, PUBLIC_URL: 'not a url' }, /^PUBLIC_URL: expected the public https URL/],
    [{ ...ok, APP_VERSION: '1.0.0-beta.1' }, /^APP_VERSION: expected three numbers/],
    [{ ...ok, TEAMS_APP_PRIVACY_URL: 'contoso.com/privacy' }, /^TEAMS_APP_PRIVACY_URL: expected an https URL/],
  ])('rejects %j', (env, pattern) => {
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(pattern);
  });
});
