import type { z } from 'zod'
import type { Db, Executor } from '~db/connection'
import {
  deletePrivateNote,
  findOwnPrivateNote,
  findPrivateNote,
  insertContractChange,
  insertCoTurn,
  insertPrivateNote,
  listContractChanges,
  listCoTurns,
  updateCoSession,
  updateCoTurn,
  updatePrivateNote,
} from '~db/queries/co-counselling'
import { findGroup } from '~db/queries/groups'
import { formatClosingTime } from '~/features/decisions/core/closing'
import { DomainError, notFound } from '~/utils/errors.server'
import { newId, nowIso } from '~/utils/ids.server'
import type { SessionUser } from '~/utils/session.server'
import { requireInSession, zoneOf } from './access.server'
import type { ContractSchema, DeleteNoteSchema, NoteSchema, StartTurnSchema, StopTurnSchema } from './co-counselling.schema'
import { CONTRACT_LABELS, CONTRACT_MEANINGS, CONTRACTS, isContract, type Contract } from './core/contracts'
import { formatLength, limitSeconds, turnLength } from './core/turn-length'
import { defaultCounsellor, everyoneHasHadATurn, nextClient, runningTurn } from './core/turns'

// One co-counselling session, for the people in it only (issue 19; seed 000). The client chooses
// the contract and may change it; the counsellor keeps time and may interrupt (principle 10). The
// server stamps every start and stop; a turn longer than the session allows is refused. Nothing of
// what the client works on is kept (principle 11): the one text is each person's own private
// note, which only its writer ever reads.

/** The stop form, as its schema reads it: a measured length (seconds) or an entered one (minutes), or neither. */
type StopInput = Partial<Omit<z.infer<typeof StopTurnSchema>, 'turnId'>> & { turnId: string }

type Turn = Awaited<ReturnType<typeof listCoTurns>>[number]

async function loadTurns(db: Executor, sessionId: string) {
  const turns = await listCoTurns(db, [sessionId])
  const changes = await listContractChanges(
    db,
    turns.map((t) => t.id),
  )
  return { turns, changes }
}

/** The contract in force: the last change, or the one chosen at the start. */
const currentContract = (turn: Turn, changes: { turnId: string; contract: string }[]): Contract => {
  const last = changes.filter((c) => c.turnId === turn.id).at(-1)
  return (last?.contract ?? turn.contract) as Contract
}

export async function getSessionPage(db: Db, user: SessionUser, sessionId: string) {
  const { session, people } = await requireInSession(db, user.id, sessionId)
  const seats = people.map((p) => p.personId)
  const zone = await zoneOf(db, user.id)
  const { turns, changes } = await loadTurns(db, sessionId)
  const group = session.groupId ? await findGroup(db, session.groupId) : undefined
  const name = (id: string | null) => (id === user.id ? 'You' : (people.find((p) => p.personId === id)?.displayName ?? 'Someone'))
  const running = runningTurn(turns)
  const client = session.status === 'booked' && !running ? nextClient(seats, turns) : undefined
  const note = await findOwnPrivateNote(db, sessionId, user.id)
  const now = nowIso()
  return {
    session: {
      id: session.id,
      when: formatClosingTime(session.startsAt, zone),
      minutesEach: session.minutesEach,
      overrunMinutes: session.overrunMinutes,
      status: session.status,
      through: group ? group.name : session.groupId ? 'a former group' : 'the network',
    },
    people: people.map((p) => {
      const own = turns.find((t) => t.clientId === p.personId)
      return {
        personId: p.personId,
        displayName: p.personId === user.id ? `${p.displayName} (you)` : p.displayName,
        asClient: own?.seconds != null ? formatLength(own.seconds) : own ? 'running now' : 'not yet',
        seconds: own?.seconds ?? null,
      }
    }),
    turns: turns.map((t) => ({
      id: t.id,
      client: name(t.clientId),
      counsellor: name(t.counsellorId),
      contract: CONTRACT_LABELS[t.contract as Contract],
      changes: changes
        .filter((c) => c.turnId === t.id)
        .map((c) => ({ at: formatClosingTime(c.at, zone), contract: CONTRACT_LABELS[c.contract as Contract] })),
      startedAt: formatClosingTime(t.startedAt, zone),
      length: t.seconds != null ? formatLength(t.seconds) : null,
      interruptedBy: t.interruptedBy ? name(t.interruptedBy) : null,
      interruptedAt: t.interruptedAt ? formatClosingTime(t.interruptedAt, zone) : null,
    })),
    running: running
      ? {
          id: running.id,
          client: name(running.clientId),
          counsellor: name(running.counsellorId),
          iAmClient: running.clientId === user.id,
          startedAt: running.startedAt,
          serverNow: now,
          bookedSeconds: session.minutesEach * 60,
          limitSeconds: limitSeconds(session.minutesEach, session.overrunMinutes),
          contract: currentContract(running, changes),
          canKeepTime: running.clientId === user.id || running.counsellorId === user.id,
          canInterrupt: running.clientId !== user.id && running.interruptedBy === null,
          interruptedBy: running.interruptedBy ? name(running.interruptedBy) : null,
        }
      : null,
    next: client
      ? {
          clientId: client,
          client: name(client),
          iAmClient: client === user.id,
          counsellors: seats.filter((id) => id !== client).map((id) => ({ personId: id, displayName: name(id) })),
          defaultCounsellorId: defaultCounsellor(seats, client),
        }
      : null,
    canCancel: session.status === 'booked' && turns.length === 0,
    contracts: CONTRACTS.map((c) => ({ value: c, label: CONTRACT_LABELS[c], hint: CONTRACT_MEANINGS[c] })),
    note: note ? { id: note.id, text: note.text, updatedAt: formatClosingTime(note.updatedAt, zone) } : null,
  }
}

function requireBooked(session: { status: string }) {
  if (session.status === 'cancelled') throw new DomainError('conflict', 'This session was cancelled.')
  if (session.status === 'done') throw new DomainError('conflict', 'Everyone has had their turn: this session is over.')
}

/** The running turn the form names; a turn that has ended, or another session's, is refused. */
function requireRunning(turns: Turn[], turnId: string): Turn {
  const turn = turns.find((t) => t.id === turnId)
  if (!turn) throw notFound('This turn')
  if (turn.endedAt !== null) throw new DomainError('conflict', 'This turn has ended already.')
  return turn
}

function requireTimekeeper(turn: Turn, personId: string) {
  if (turn.clientId !== personId && turn.counsellorId !== personId)
    throw new DomainError('forbidden', 'The client and their counsellor keep this turn’s time; you give your attention.')
}

/** Starts the next client's turn with the contract they chose. Posted by the client or the counsellor they chose. */
export async function startTurn(db: Db, user: SessionUser, sessionId: string, input: z.infer<typeof StartTurnSchema>) {
  if (!isContract(input.contract))
    throw new DomainError('bad_request', 'Choose the contract: free attention, normal or intensive.', 'contract')
  return db.transaction().execute(async (trx) => {
    const { session, seats } = await requireInSession(trx, user.id, sessionId)
    requireBooked(session)
    const { turns } = await loadTurns(trx, sessionId)
    if (runningTurn(turns)) throw new DomainError('conflict', 'A turn is running: stop it before the next begins.')
    const clientId = nextClient(seats, turns)
    if (!clientId) throw new DomainError('conflict', 'Everyone has had their turn as client.')
    const counsellorId = input.counsellorId || defaultCounsellor(seats, clientId)
    if (!seats.includes(counsellorId) || counsellorId === clientId)
      throw new DomainError('bad_request', 'Choose a counsellor from the others in this session.', 'counsellorId')
    if (user.id !== clientId && user.id !== counsellorId)
      throw new DomainError('forbidden', 'The client, or the counsellor they chose, starts their turn.')
    const id = newId()
    await insertCoTurn(trx, {
      id,
      sessionId,
      clientId,
      counsellorId,
      contract: input.contract,
      startedAt: nowIso(),
      endedAt: null,
      seconds: null,
      interruptedBy: null,
      interruptedAt: null,
    })
    return id
  })
}

/**
 * Stops the running turn. Its length is the one the timer page measured, or the one the
 * counsellor entered (whole minutes), or else the server's clock; a length over the session's
 * limit is refused beside the minutes field, and the turn runs on until a length is given.
 */
export async function stopTurn(db: Db, user: SessionUser, sessionId: string, input: StopInput) {
  return db.transaction().execute(async (trx) => {
    const { session, seats } = await requireInSession(trx, user.id, sessionId)
    const { turns } = await loadTurns(trx, sessionId)
    const turn = requireRunning(turns, input.turnId)
    requireTimekeeper(turn, user.id)
    const now = nowIso()
    const length = turnLength({
      startedAt: turn.startedAt,
      now,
      minutesEach: session.minutesEach,
      overrunMinutes: session.overrunMinutes,
      measuredSeconds: input.seconds,
      enteredMinutes: input.minutes,
    })
    if (!length.ok) {
      const limit = formatLength(length.limitSeconds)
      const message =
        length.problem === 'too_long'
          ? `A turn here lasts at most ${limit} (${session.minutesEach} min each and ${session.overrunMinutes} over). Enter how long the turn actually was, in whole minutes.`
          : `The turn began ${formatLength(length.elapsedSeconds)} ago: it cannot have lasted longer. Enter how long it was, in whole minutes.`
      throw new DomainError('bad_request', message, 'minutes')
    }
    await updateCoTurn(trx, turn.id, { endedAt: now, seconds: length.seconds })
    const after = turns.map((t) => (t.id === turn.id ? { ...t, endedAt: now } : t))
    if (everyoneHasHadATurn(seats, after)) await updateCoSession(trx, sessionId, { status: 'done' })
    return length.seconds
  })
}

/** The client changes the contract during their turn; the change and its time are noted. */
export async function changeContract(db: Db, user: SessionUser, sessionId: string, input: z.infer<typeof ContractSchema>) {
  if (!isContract(input.contract))
    throw new DomainError('bad_request', 'Choose the contract: free attention, normal or intensive.', 'contract')
  await db.transaction().execute(async (trx) => {
    await requireInSession(trx, user.id, sessionId)
    const { turns, changes } = await loadTurns(trx, sessionId)
    const turn = requireRunning(turns, input.turnId)
    requireTimekeeper(turn, user.id)
    if (currentContract(turn, changes) === input.contract)
      throw new DomainError('bad_request', `The contract is ${CONTRACT_LABELS[input.contract].toLowerCase()} already.`, 'contract')
    await insertContractChange(trx, { id: newId(), turnId: turn.id, at: nowIso(), contract: input.contract })
  })
}

/**
 * A counsellor interrupts the turn (principle 10: too restimulated to give attention). Recorded
 * is who, and when: nothing else. The turn runs on until it is stopped.
 */
export async function interruptTurn(db: Db, user: SessionUser, sessionId: string, turnId: string) {
  await db.transaction().execute(async (trx) => {
    await requireInSession(trx, user.id, sessionId)
    const { turns } = await loadTurns(trx, sessionId)
    const turn = requireRunning(turns, turnId)
    if (turn.clientId === user.id)
      throw new DomainError('forbidden', 'The turn is yours as client: a counsellor may interrupt it, and you may stop it.')
    if (turn.interruptedBy !== null) throw new DomainError('conflict', 'This turn has been interrupted already.')
    await updateCoTurn(trx, turn.id, { interruptedBy: user.id, interruptedAt: nowIso() })
  })
}

/** The client asks the time (principle 5): how long the turn has run and how long is left. Writes nothing. */
export async function tellTime(db: Db, user: SessionUser, sessionId: string, turnId: string) {
  const { session } = await requireInSession(db, user.id, sessionId)
  const { turns } = await loadTurns(db, sessionId)
  const turn = requireRunning(turns, turnId)
  const elapsed = Math.max(0, Math.round((Date.parse(nowIso()) - Date.parse(turn.startedAt)) / 1000))
  const left = session.minutesEach * 60 - elapsed
  return left >= 0 ? `${formatLength(elapsed)} gone, ${formatLength(left)} left.` : `${formatLength(elapsed)} gone: the time is up.`
}

/** A session not yet begun may be called off by anyone in it. */
export async function cancelSession(db: Db, user: SessionUser, sessionId: string) {
  await db.transaction().execute(async (trx) => {
    const { session } = await requireInSession(trx, user.id, sessionId)
    requireBooked(session)
    if ((await listCoTurns(trx, [sessionId])).length > 0)
      throw new DomainError('conflict', 'The session has begun: it ends when everyone has had their turn.')
    await updateCoSession(trx, sessionId, { status: 'cancelled' })
  })
}

/** The note a person asks for by id: theirs, in this session; anyone else's is refused. */
async function ownNote(trx: Executor, user: SessionUser, sessionId: string, noteId: string) {
  const note = await findPrivateNote(trx, noteId)
  if (!note || note.sessionId !== sessionId) throw notFound('This note')
  if (note.personId !== user.id)
    throw new DomainError('forbidden', 'This private note is someone else’s: only the person who wrote it may read or change it.')
  return note
}

/** Writes (or rewrites) the person's own private note of the session: for them alone. */
export async function saveNote(db: Db, user: SessionUser, sessionId: string, input: z.infer<typeof NoteSchema>) {
  await db.transaction().execute(async (trx) => {
    await requireInSession(trx, user.id, sessionId)
    const at = nowIso()
    const note = input.noteId ? await ownNote(trx, user, sessionId, input.noteId) : await findOwnPrivateNote(trx, sessionId, user.id)
    if (note) await updatePrivateNote(trx, note.id, { text: input.text, updatedAt: at })
    else await insertPrivateNote(trx, { id: newId(), sessionId, personId: user.id, text: input.text, updatedAt: at })
  })
}

export async function deleteNote(db: Db, user: SessionUser, sessionId: string, input: z.infer<typeof DeleteNoteSchema>) {
  await db.transaction().execute(async (trx) => {
    await requireInSession(trx, user.id, sessionId)
    const note = await ownNote(trx, user, sessionId, input.noteId)
    await deletePrivateNote(trx, note.id)
  })
}
