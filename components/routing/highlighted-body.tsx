import { scanPatterns } from "@/lib/engine/syntax";

/**
 * The requested body with every routing pattern marked: this channel's patterns are struck
 * through (stripped before delivery), other channels' stay and are flagged (a warning).
 */
export function HighlightedBody({ body, channel }: { body: string; channel: string }) {
  const matches = scanPatterns(body);
  if (matches.length === 0) return <span className="whitespace-pre-wrap">{body}</span>;
  const parts: React.ReactNode[] = [];
  let at = 0;
  matches.forEach((m, i) => {
    if (m.start > at) parts.push(body.slice(at, m.start));
    const own = m.channel === channel;
    parts.push(
      <mark
        key={i}
        title={own ? "Routing pattern: removed before delivery" : "Pattern of another channel: left in place"}
        className={
          own
            ? "rounded bg-warning/20 px-0.5 text-foreground line-through decoration-warning decoration-2"
            : "rounded bg-info/15 px-0.5 text-foreground"
        }
      >
        {m.text}
      </mark>,
    );
    at = m.end;
  });
  if (at < body.length) parts.push(body.slice(at));
  return <span className="whitespace-pre-wrap">{parts}</span>;
}
