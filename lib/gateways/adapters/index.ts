// One adapter per gateway kind (SPEC §6), one interface (lib/gateways/types.ts).
import { bluebubblesAdapter } from "@/lib/gateways/adapters/bluebubbles";
import { evolutionAdapter } from "@/lib/gateways/adapters/evolution";
import { twilioAdapter } from "@/lib/gateways/adapters/twilio";
import { wahaAdapter } from "@/lib/gateways/adapters/waha";
import { webhookAdapter } from "@/lib/gateways/adapters/webhook";
import type { GatewayAdapter, GatewayKind } from "@/lib/gateways/types";

export const ADAPTERS: Record<GatewayKind, GatewayAdapter> = {
  webhook: webhookAdapter,
  evolution: evolutionAdapter,
  waha: wahaAdapter,
  bluebubbles: bluebubblesAdapter,
  twilio: twilioAdapter,
};
