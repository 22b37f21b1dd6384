import { startReceiver } from './webhook-receiver';

/** One SMS the gateway took: the JSON body and the Authorization header. */
export interface GatewaySms {
  authorization: string | undefined;
  body: { id: string; to: string; text: string; language: string };
}

/**
 * A fake SMS gateway on loopback (port 0) speaking the contract of API.md "Citizen messages": the webhook
 * receiver, read as SMS. Answers `status` (202 by default); `waitFor(n)` resolves once it holds n messages.
 */
export async function startFakeSmsGateway() {
  let status = 202;
  const receiver = await startReceiver(() => ({ status, headers: { 'content-type': 'application/json' } }));
  return {
    url: `http://127.0.0.1:${receiver.port}/sms`,
    /** The messages so far, oldest first. */
    get received(): GatewaySms[] {
      return receiver.received.map((r) => ({ authorization: r.headers.authorization, body: JSON.parse(r.body) as GatewaySms['body'] }));
    },
    answerWith(next: number) {
      status = next;
    },
    waitFor: receiver.waitFor,
    close: receiver.close,
  };
}

export type FakeSmsGateway = Awaited<ReturnType<typeof startFakeSmsGateway>>;
