import { Form } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'

// The counsellor's timer (issue 19; seed 000, principle 5: the counsellor tells the client the time
// at the end and whenever the client asks). The server stamps the start and the stop; with
// JavaScript this shows the time gone and left, gives a gentle signal when the booked time is up
// and when the client asks (a vibration where the phone has one, a soft tone, and always a
// visible note), and sends the measured length with Stop. Without JavaScript the two forms post
// as they are and the server's clock measures.

type Props = {
  turnId: string
  startedAt: string
  /** The server's time when the page was made: the phone's clock is read against it. */
  serverNow: string
  bookedSeconds: number
  canKeepTime: boolean
  /** The server's answer to "tell the time", when asked without JavaScript. */
  told?: string
  /** The length field, shown when a stop was refused (whole minutes). */
  minutes?: { value: string; error: string }
}

const clock = (seconds: number) => {
  const s = Math.max(0, Math.floor(seconds))
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}

/** A soft tone through WebAudio, where the browser allows it; nothing where it does not. */
function softTone() {
  try {
    const Context = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext
    if (!Context) return
    const audio = new Context()
    const tone = audio.createOscillator()
    const gain = audio.createGain()
    tone.type = 'sine'
    tone.frequency.value = 528
    gain.gain.setValueAtTime(0.0001, audio.currentTime)
    gain.gain.exponentialRampToValueAtTime(0.08, audio.currentTime + 0.3)
    gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 1.6)
    tone.connect(gain).connect(audio.destination)
    tone.start()
    tone.stop(audio.currentTime + 1.7)
    tone.onended = () => void audio.close()
  } catch {
    // The tone is optional: the visible note is always given.
  }
}

function gentleSignal() {
  if (typeof navigator !== 'undefined' && typeof navigator.vibrate === 'function') navigator.vibrate([80, 120, 80])
  softTone()
}

export function TurnTimer(props: Props) {
  const start = Date.parse(props.startedAt)
  const initial = (Date.parse(props.serverNow) - start) / 1000
  const [elapsed, setElapsed] = useState(initial)
  const [live, setLive] = useState(false)
  const [cue, setCue] = useState<string | null>(props.told ?? null)
  const signalled = useRef(initial >= props.bookedSeconds)

  useEffect(() => {
    const offset = Date.parse(props.serverNow) - Date.now()
    const tick = () => setElapsed((Date.now() + offset - start) / 1000)
    tick()
    setLive(true)
    const timer = setInterval(tick, 1000)
    return () => clearInterval(timer)
  }, [props.serverNow, start])

  useEffect(() => {
    if (live && !signalled.current && elapsed >= props.bookedSeconds) {
      signalled.current = true
      setCue('The time is up.')
      gentleSignal()
    }
  }, [elapsed, live, props.bookedSeconds])

  const left = props.bookedSeconds - elapsed
  const told = () => (left >= 0 ? `${clock(elapsed)} gone, ${clock(left)} left.` : `${clock(elapsed)} gone: the time is up.`)

  return (
    <div className="card">
      <p role="timer" aria-label="Time gone and left" style={{ fontSize: '1.5rem', fontVariantNumeric: 'tabular-nums', margin: 0 }}>
        {clock(elapsed)} gone · {left >= 0 ? `${clock(left)} left` : `${clock(-left)} over`}
      </p>
      {live ? null : <p className="muted">The time as the page was made; reload to see it now.</p>}
      <div role="status" aria-live="polite">
        {cue ? (
          <p className="notice" data-testid="time-signal">
            {cue}
          </p>
        ) : null}
      </div>
      <div className="actions">
        <Form
          method="post"
          noValidate
          onSubmit={(event) => {
            // With JavaScript the signal is given here, on this phone; without it the server tells the time.
            event.preventDefault()
            setCue(told())
            gentleSignal()
          }}
        >
          <input type="hidden" name="intent" value="signal" />
          <input type="hidden" name="turnId" value={props.turnId} />
          <button type="submit" className="secondary">
            Tell the time
          </button>
        </Form>
        {props.canKeepTime ? (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="stop" />
            <input type="hidden" name="turnId" value={props.turnId} />
            <input type="hidden" name="seconds" value={live && !props.minutes ? String(Math.max(0, Math.floor(elapsed))) : ''} />
            {props.minutes ? (
              <div className="field">
                <label htmlFor="stop-minutes">How long the turn was, in whole minutes</label>
                <input
                  id="stop-minutes"
                  name="minutes"
                  type="number"
                  inputMode="numeric"
                  min={0}
                  defaultValue={props.minutes.value}
                  aria-invalid={props.minutes.error ? true : undefined}
                  aria-describedby={props.minutes.error ? 'stop-minutes-error' : undefined}
                />
                {props.minutes.error ? (
                  <p className="field-error" id="stop-minutes-error">
                    {props.minutes.error}
                  </p>
                ) : null}
              </div>
            ) : null}
            <button type="submit">Stop the turn</button>
          </Form>
        ) : null}
      </div>
    </div>
  )
}
