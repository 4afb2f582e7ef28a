/**
 * Environment → the values of the manifest template's `${{VAR}}` placeholders. Pure: the caller passes
 * the environment (already merged with `.env`) and the package version. Problems are collected and thrown
 * as one ConfigError naming each variable and what it should look like, like config/config.ts does.
 */
import { ConfigError } from '../errors';

export interface ManifestValues {
  /** Manifest `id`: the Teams app id. We use the bot's Entra app id, so one registration serves both. */
  TEAMS_APP_ID: string;
  /** `bots[0].botId` and `webApplicationInfo.id`: MicrosoftAppId. */
  BOT_ID: string;
  /** Public host (and port, when not 443) from PUBLIC_URL, without scheme or path. */
  BOT_DOMAIN: string;
  /** Manifest `version` (x.y.z). */
  APP_VERSION: string;
  /** `developer.privacyUrl`. */
  PRIVACY_URL: string;
  /** `developer.termsOfUseUrl`. */
  TERMS_OF_USE_URL: string;
}

/** Values used by `--demo`: obviously fake, valid against the schema, never uploadable to a real tenant. */
export const DEMO_ENV = {
  MicrosoftAppId: '00000000-0000-0000-0000-000000000000',
  PUBLIC_URL: 'https://veeam-bot.example.com',
} as const;

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
/** The Teams schema's semver pattern: three numbers, no pre-release or build suffix. */
const TEAMS_SEMVER = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/;

type Env = Readonly<Record<string, string | undefined>>;

function text(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

/** Parses PUBLIC_URL into the host part used in the manifest, or explains what is wrong. */
function publicHost(raw: string): { host: string } | { problem: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { problem: 'expected the public https URL of the bot, e.g. https://veeam-bot.contoso.com' };
  }
  if (url.protocol !== 'https:') {
    return { problem: 'must start with https:// (Teams loads the tab and calls the bot over HTTPS only)' };
  }
  if (url.pathname !== '/' || url.search || url.hash) {
    return { problem: 'expected only scheme and host (e.g. https://veeam-bot.contoso.com); the tab is served at /tab/ and the bot at /api/messages' };
  }
  if (url.username || url.password) return { problem: 'must not contain a user name or password' };
  return { host: url.host.toLowerCase() };
}

function httpsUrl(env: Env, name: string, fallback: string, problems: string[]): string {
  const v = text(env, name);
  if (v === undefined) return fallback;
  if (!/^https:\/\/[^\s/]+/i.test(v)) problems.push(`${name}: expected an https URL, e.g. https://contoso.com/privacy`);
  return v;
}

/**
 * Reads MicrosoftAppId, PUBLIC_URL, optional APP_VERSION (default: `packageVersion`), and optional
 * TEAMS_APP_PRIVACY_URL / TEAMS_APP_TERMS_URL (default: the History tab page).
 */
export function manifestValuesFromEnv(env: Env, packageVersion: string): ManifestValues {
  const problems: string[] = [];

  const appId = text(env, 'MicrosoftAppId');
  if (appId === undefined) {
    problems.push('MicrosoftAppId: required — the Application (client) ID of the bot\'s Entra app registration');
  } else if (!GUID.test(appId)) {
    problems.push('MicrosoftAppId: expected a GUID like 00000000-0000-0000-0000-000000000000 (the Application (client) ID)');
  }

  const rawUrl = text(env, 'PUBLIC_URL');
  let host = '';
  if (rawUrl === undefined) {
    problems.push('PUBLIC_URL: required — the public https URL where Teams reaches the bot, e.g. https://veeam-bot.contoso.com');
  } else {
    const parsed = publicHost(rawUrl);
    if ('problem' in parsed) problems.push(`PUBLIC_URL: ${parsed.problem}`);
    else host = parsed.host;
  }

  const version = text(env, 'APP_VERSION') ?? packageVersion;
  if (!TEAMS_SEMVER.test(version)) {
    problems.push(`APP_VERSION: expected three numbers like 1.0.3 (got ${JSON.stringify(version)}); Teams accepts no pre-release suffix`);
  }

  const tabPage = `https://${host}/tab/history.html`;
  const privacy = httpsUrl(env, 'TEAMS_APP_PRIVACY_URL', tabPage, problems);
  const terms = httpsUrl(env, 'TEAMS_APP_TERMS_URL', tabPage, problems);

  if (problems.length) throw new ConfigError(problems);
  const id = appId as string;
  return {
    TEAMS_APP_ID: id,
    BOT_ID: id,
    BOT_DOMAIN: host,
    APP_VERSION: version,
    PRIVACY_URL: privacy,
    TERMS_OF_USE_URL: terms,
  };
}
