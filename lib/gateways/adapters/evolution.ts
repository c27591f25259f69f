// TEMPORARY (being written in a parallel branch): the evolution adapter. Replaced before merge.
import type { GatewayAdapter } from "@/lib/gateways/types";

const unavailable = () => {
  throw new Error("The evolution adapter is not built yet");
};

export const evolutionAdapter: GatewayAdapter = {
  kind: "evolution",
  send: unavailable,
  lookup: unavailable,
  testConnection: unavailable,
  parseWebhook: unavailable,
};
