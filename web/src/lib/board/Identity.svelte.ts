/**
 * Who this person is on a board: the name they gave (kept in this browser), or their choice to
 * join without one. Until either is known, the board and present pages ask first and join
 * neither presence (awareness) nor the facilitation channel, so nobody shows up as "Guest"
 * unless they chose to.
 */
import { choseNameless, saveName, saveNameless, savedName } from '$lib/lobby/storage.ts';
import { translate } from '$lib/i18n/index.ts';

export class Identity {
  name = $state(savedName() ?? '');
  nameless = $state(!savedName() && choseNameless());

  /** The person has answered the name prompt (now or on an earlier visit). */
  get decided(): boolean {
    return this.name !== '' || this.nameless;
  }

  /** The name others see ("Guest" for someone who chose none). */
  get shown(): string {
    return this.name || translate('name.guest');
  }

  /** The name sent to the server: null when nameless, so it is not recorded as a participant. */
  get announced(): string | null {
    return this.name || null;
  }

  choose(name: string): void {
    this.name = name;
    this.nameless = false;
    saveName(name);
  }

  chooseNameless(): void {
    this.name = '';
    this.nameless = true;
    saveNameless();
  }
}
