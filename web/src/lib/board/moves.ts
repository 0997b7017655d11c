/**
 * Where a keyboard move sends a card: Alt+←/→ to the neighbouring column in the same row,
 * Alt+↑/↓ one place up or down in its cell, continuing into the row above or below at the
 * cell's edge. Pure: the caller applies the result with `moveCard`.
 */
export type MoveDirection = 'left' | 'right' | 'up' | 'down';

export interface CardPlace {
  rowId: string;
  columnId: string;
  index: number;
}

export interface GridShape {
  rowIds: readonly string[];
  columnIds: readonly string[];
  /** Card ids of a cell in display order. */
  cellOf(rowId: string, columnId: string): readonly string[];
}

export function placeOf(grid: GridShape, cardId: string): CardPlace | null {
  for (const rowId of grid.rowIds) {
    for (const columnId of grid.columnIds) {
      const index = grid.cellOf(rowId, columnId).indexOf(cardId);
      if (index >= 0) return { rowId, columnId, index };
    }
  }
  return null;
}

/** The place `cardId` moves to, or null when it is already at the edge of the board. */
export function keyboardMoveTarget(
  grid: GridShape,
  cardId: string,
  direction: MoveDirection,
): CardPlace | null {
  const from = placeOf(grid, cardId);
  if (!from) return null;
  const rowIndex = grid.rowIds.indexOf(from.rowId);
  const colIndex = grid.columnIds.indexOf(from.columnId);
  const cellLength = grid.cellOf(from.rowId, from.columnId).length;
  switch (direction) {
    case 'left':
    case 'right': {
      const next = colIndex + (direction === 'left' ? -1 : 1);
      if (next < 0 || next >= grid.columnIds.length) return null;
      const columnId = grid.columnIds[next];
      const length = grid.cellOf(from.rowId, columnId).length;
      return { rowId: from.rowId, columnId, index: Math.min(from.index, length) };
    }
    case 'up': {
      if (from.index > 0) return { ...from, index: from.index - 1 };
      if (rowIndex <= 0) return null;
      const rowId = grid.rowIds[rowIndex - 1];
      return { rowId, columnId: from.columnId, index: grid.cellOf(rowId, from.columnId).length };
    }
    case 'down': {
      if (from.index < cellLength - 1) return { ...from, index: from.index + 1 };
      if (rowIndex >= grid.rowIds.length - 1) return null;
      return { rowId: grid.rowIds[rowIndex + 1], columnId: from.columnId, index: 0 };
    }
  }
}

/**
 * The index to drop at in a cell, from the pointer's vertical position and the vertical
 * middles of the cell's cards (in order, the dragged card left out).
 */
export function dropIndex(pointerY: number, middles: readonly number[]): number {
  const i = middles.findIndex((mid) => pointerY < mid);
  return i < 0 ? middles.length : i;
}
