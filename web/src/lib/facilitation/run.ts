/**
 * Runs a facilitation command and, when it is refused (by the reducer, the server, or because
 * this browser is offline or got no answer), shows why in the reader's language. Every
 * component that sends a command goes through here, so refusals are handled one way.
 */
import type { Ack } from '$shared/facilitation/index.ts';
import { refusalMessage } from '$lib/ui/errors.ts';

/** Resolves true when the command was applied; a refusal goes to `show`, worded. */
export async function runCommand(
  command: Promise<Ack>,
  show: (message: string) => void,
): Promise<boolean> {
  const ack = await command;
  if (!ack.ok) show(refusalMessage(ack));
  return ack.ok;
}
