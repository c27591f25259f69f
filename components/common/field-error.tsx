/** The server's (or the schema's) message under a field, tied to it with aria-describedby. */
export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} role="alert" className="text-[13px] text-destructive">
      {message}
    </p>
  );
}
