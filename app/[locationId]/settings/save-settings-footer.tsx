"use client";

import { FieldError } from "@/components/common/field-error";
import { Button } from "@/components/ui/button";
import type { useSaveSettings } from "./use-save-settings";

/**
 * The end of a settings form: the save's message for the whole form when no field shows one, then
 * (for editors) the submit button, disabled while the save runs.
 */
export function SaveSettingsFooter({
  save,
  errorId,
  editable,
  children,
}: {
  save: ReturnType<typeof useSaveSettings>;
  errorId: string;
  editable: boolean;
  children: React.ReactNode;
}) {
  const { errors } = save;
  return (
    <>
      {errors._form && Object.keys(errors).length === 1 && <FieldError id={errorId} message={errors._form} />}
      {editable && (
        <Button type="submit" disabled={save.isPending} className="w-fit">
          {children}
        </Button>
      )}
    </>
  );
}
