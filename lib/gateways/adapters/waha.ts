// TEMPORARY (being written in a parallel branch): the waha adapter. Replaced before merge.
import type { GatewayAdapter } from "@/lib/gateways/types";

const unavailable = () => {
  throw new Error("The waha adapter is not built yet");
};

export const wahaAdapter: GatewayAdapter = {
  kind: "waha",
  send: unavailable,
  lookup: unavailable,
  testConnection: unavailable,
  parseWebhook: unavailable,
};
