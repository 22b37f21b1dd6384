import type { AppConfig } from '../config';
import { createPushSender, type PushSender } from './push-sender';
import { createSmsSender, type MessageLog, type SmsSender } from './sms-gateway';

/** Where citizen messages go out: SMS, Web Push, and the public origin their links start with. */
export interface MessageChannels {
  sms: SmsSender;
  push: PushSender;
  /** PUBLIC_URL (undefined: links are paths only). */
  publicUrl: string | undefined;
}

/** The SMS gateway and Web Push as the configuration says. */
export function messageChannelsFrom(config: AppConfig, log: MessageLog): MessageChannels {
  return {
    sms: createSmsSender({ url: config.smsGatewayUrl, token: config.smsGatewayToken, log }),
    // VAPID's contact: the public https address, else a mailto the push services accept.
    push: createPushSender({ allowPrivateNetworks: config.webhookAllowPrivateNetworks, subject: config.publicUrl?.startsWith('https://') ? config.publicUrl : 'mailto:navbat@invalid.example' }),
    publicUrl: config.publicUrl,
  };
}
