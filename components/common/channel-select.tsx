"use client";

import { CHANNELS } from "@/lib/engine/types";
import { channelLabel } from "./format";
import { OptionSelect, type OptionSelectProps } from "./option-select";

/** Picks a channel (WhatsApp, SMS…), full width. */
export function ChannelSelect(props: Omit<OptionSelectProps<string>, "options">) {
  return <OptionSelect className="w-full" {...props} options={CHANNELS.map((c) => [c, channelLabel(c)] as const)} />;
}
