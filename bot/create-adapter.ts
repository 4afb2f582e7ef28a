/**
 * The Bot Framework edge. botbuilder 4.23 is the last Bot Framework SDK release, so everything botbuilder-specific
 * stays in bot/; a move to the Microsoft 365 Agents SDK or Teams SDK v2 would replace this folder's adapter code only.
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import type { Config } from '../config/config';
import type { Logger } from '../logger';

export function createAdapter(config: Config, logger: Logger): CloudAdapter {
  const auth: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: config.MicrosoftAppId ?? '',
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
    // With no app id, authentication is off and the app type means nothing; botbuilder would still insist on an
    // id for SingleTenant, so a .env copied from .env.example (SingleTenant, empty id) must not stop local runs.
    MicrosoftAppType: config.MicrosoftAppId ? (config.MicrosoftAppType ?? 'SingleTenant') : 'MultiTenant',
    MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
  };
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(auth));
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // Last resort: log with the activity id, answer with a plain apology, never the error text.
    logger.error({ err: error, activityId: context.activity?.id, type: context.activity?.type }, 'unhandled error in bot turn');
    try {
      if (context.activity?.type === 'message') {
        const ja = (context.activity.locale ?? '').toLowerCase().startsWith('ja');
        await context.sendActivity(ja ? '申し訳ありません。処理中にエラーが発生しました。' : 'Sorry, something went wrong while handling that.');
      }
    } catch {
      /* the connector itself may be down; nothing more to do */
    }
  };
  return adapter;
}
