// Who is acting: every service takes a context with the location it acts in and the actor the
// audit log names. Dashboard callers pass their MemberContext ({ user, location, role }) as is;
// API callers pass { location, actor: { type: "api_key", … } }.
export type Actor = { type: "user" | "api_key" | "system"; id: string | null; label: string };

export type ServiceContext = {
  location: { id: string; name?: string };
  actor?: Actor;
  user?: { id: string; email: string; name: string };
};

export function actorOf(ctx: ServiceContext): Actor {
  if (ctx.actor) return ctx.actor;
  if (ctx.user) return { type: "user", id: ctx.user.id, label: ctx.user.email };
  return { type: "system", id: null, label: "system" };
}
