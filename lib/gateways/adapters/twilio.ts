// TEMPORARY (being written in a parallel branch): the twilio adapter. Replaced before merge.
import type { GatewayAdapter } from "@/lib/gateways/types";

const unavailable = () => {
  throw new Error("The twilio adapter is not built yet");
};

export const twilioAdapter: GatewayAdapter = {
  kind: "twilio",
  send: unavailable,
  lookup: unavailable,
  testConnection: unavailable,
  parseWebhook: unavailable,
};
