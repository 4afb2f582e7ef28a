/**
 * npm run manifest [-- --demo] [-- --out <file>]
 *
 * Builds build/appPackage.zip (manifest.json, ja.json, color.png, outline.png at the zip root) from
 * manifest/ and validates it offline against the Teams schemas shipped in @microsoft/app-manifest.
 * Reads MicrosoftAppId, PUBLIC_URL and optional APP_VERSION from the environment (and .env, which never
 * overrides real environment variables). `--demo` fills placeholder values instead, for a look at the
 * package without an Azure bot registration; such a package cannot be used in a real tenant.
 * Exit codes: 0 built, 1 configuration or validation problem (printed one per line), 2 bad arguments.
 */
import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { ConfigError } from '../errors';
import { buildAppPackage, ManifestValidationError } from '../manifest/build-app-package';
import { DEMO_ENV, manifestValuesFromEnv } from '../manifest/manifest-values';

const ROOT = path.resolve(__dirname, '..');

interface Args {
  demo: boolean;
  out: string;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { demo: false, out: path.join(ROOT, 'build', 'appPackage.zip') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--demo') args.demo = true;
    else if (a === '--out' && argv[i + 1]) args.out = path.resolve(argv[++i]);
    else if (a.startsWith('--out=')) args.out = path.resolve(a.slice('--out='.length));
    else throw new Error(`Unknown argument: ${a}\nUsage: npm run manifest [-- --demo] [-- --out <file.zip>]`);
  }
  return args;
}

function envWithDotenv(env: NodeJS.ProcessEnv, file: string | false): Record<string, string | undefined> {
  const merged: Record<string, string | undefined> = { ...env };
  if (file !== false && fs.existsSync(file)) {
    for (const [k, v] of Object.entries(dotenv.parse(fs.readFileSync(file)))) if (merged[k] === undefined) merged[k] = v;
  }
  return merged;
}

/** The CLI; `dotenvPath: false` ignores .env (tests). Returns the exit code. */
export async function main(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  dotenvPath: string | false = path.join(process.cwd(), '.env'),
): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  try {
    const source = args.demo ? { ...envWithDotenv(env, dotenvPath), ...DEMO_ENV } : envWithDotenv(env, dotenvPath);
    const values = manifestValuesFromEnv(source, pkg.version);
    if (args.demo) {
      console.log(
        `DEMO package: placeholder values MicrosoftAppId=${DEMO_ENV.MicrosoftAppId}, PUBLIC_URL=${DEMO_ENV.PUBLIC_URL}.\n` +
          'It shows what the package looks like; Teams cannot reach a bot with these values. ' +
          'Set MicrosoftAppId and PUBLIC_URL and run without --demo for a package you can upload.',
      );
    }
    const built = await buildAppPackage(values);
    fs.mkdirSync(path.dirname(args.out), { recursive: true });
    fs.writeFileSync(args.out, built.zip);
    const m = built.manifest;
    console.log(
      `Built ${path.relative(process.cwd(), args.out) || args.out} (${built.zip.length} bytes): ${built.files.join(', ')}\n` +
        `  manifest ${String(m.manifestVersion)} validated offline against @microsoft/app-manifest's Teams schema; ja.json against its localisation schema\n` +
        `  app ${String(m.id)} version ${String(m.version)}, bot ${values.BOT_ID}, host ${values.BOT_DOMAIN}\n` +
        `  Upload it in Teams: Apps > Manage your apps > Upload an app > Upload a custom app (see docs/teams-app.md).`,
    );
    return 0;
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`${err.message}\n(Set these in the environment or .env, or run "npm run manifest -- --demo" to build a placeholder package.)`);
      return 1;
    }
    if (err instanceof ManifestValidationError) {
      console.error(err.message);
      return 1;
    }
    console.error(`Could not build the app package: ${(err as Error).message}`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
