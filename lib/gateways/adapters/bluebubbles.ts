// TEMPORARY (being written in a parallel branch): the bluebubbles adapter. Replaced before merge.
import type { GatewayAdapter } from "@/lib/gateways/types";

const unavailable = () => {
  throw new Error("The bluebubbles adapter is not built yet");
};

export const bluebubblesAdapter: GatewayAdapter = {
  kind: "bluebubbles",
  send: unavailable,
  lookup: unavailable,
  testConnection: unavailable,
  parseWebhook: unavailable,
};
