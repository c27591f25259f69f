import type * as React from "react";
import { Card } from "@/components/ui/card";
import { Table, TableBody, TableHeader, TableRow } from "@/components/ui/table";

/** A list page's table in a card: the header row's cells (`head`) and the body's rows. */
export function TableCard({ head, children }: { head: React.ReactNode; children: React.ReactNode }) {
  return (
    <Card className="gap-0 py-0">
      <Table>
        <TableHeader>
          <TableRow>{head}</TableRow>
        </TableHeader>
        <TableBody>{children}</TableBody>
      </Table>
    </Card>
  );
}
