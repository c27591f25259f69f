import { Badge } from "@/components/ui/badge";
import { checkTag, type NumberOption } from "./tag-check";

/** A tag; number tags show whether the number belongs to an instance of their channel. */
export function TagChip({ tag, numbers }: { tag: string; numbers: NumberOption[] }) {
  const check = checkTag(tag, numbers);
  if (check.kind === "plain") return <Badge variant="secondary">{tag}</Badge>;
  if (check.kind === "invalid")
    return (
      <Badge variant="destructive" title="Not a phone number: ignored for routing">
        {tag}
      </Badge>
    );
  if (!check.instance)
    return (
      <Badge variant="warning" title="No instance of this channel has this number: sends fail with 103">
        {tag}
      </Badge>
    );
  return (
    <Badge variant="info" title={`Instance #${check.instance.index} ${check.instance.label}`}>
      {tag}
    </Badge>
  );
}
