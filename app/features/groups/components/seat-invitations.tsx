import { useFetcher } from '@remix-run/react'
import { Field, Select } from '~/components/form'
import { formatDate } from '~/utils/format'

type SeatView = { personId: string; name: string; pairRole: 'client' | 'practitioner' | null; openInvitations: number }

type InviteAnswer = { inviteLink?: string; expiresAt?: string; errors?: Record<string, string>; formError?: string }

/**
 * The seats of an inquiry imported from an archive, and how to bring their people in: a link
 * for one seat, which whoever joins through it takes over. Without JavaScript the form posts
 * to the group's members page, whose invitation notice shows the link.
 */
export function SeatInvitations({ seats }: { seats: readonly SeatView[] }) {
  const fetcher = useFetcher<InviteAnswer>()
  if (seats.length === 0) return null
  const answer = fetcher.state === 'idle' ? fetcher.data : undefined
  return (
    <div className="card" data-testid="seat-invitations">
      <h3 id="seats-heading">Seats from the archive</h3>
      <p>
        This group’s inquiry was imported from an archive. {seats.length === 1 ? 'One seat is' : `${seats.length} seats are`} kept for
        members who have no account here yet: {seats.map((s) => s.name + (s.pairRole ? ` (${s.pairRole})` : '')).join(', ')}. A seat takes
        no stances and gives no ratings, so decisions and the blind round do not wait for it.
      </p>
      <p>
        To bring someone in, make a link for their seat and send it to them. Whoever joins through it takes the seat over: its records,
        ratings and stances become theirs, under their name, and they count in every decision from then on. The link works for one person
        only.
      </p>
      <fetcher.Form method="post" noValidate>
        <input type="hidden" name="intent" value="invite" />
        <Select
          name="seatPersonId"
          label="Seat"
          options={seats.map((s) => ({
            value: s.personId,
            label: `${s.name}${s.openInvitations ? ` (${s.openInvitations} open ${s.openInvitations === 1 ? 'link' : 'links'})` : ''}`,
          }))}
          error={answer?.errors?.seatPersonId}
        />
        <Field
          name="expiresInDays"
          idPrefix="seat"
          type="number"
          label="Link valid for (days)"
          defaultValue="14"
          min={1}
          max={30}
          error={answer?.errors?.expiresInDays}
        />
        <button type="submit" className="secondary">
          Create a link for this seat
        </button>
      </fetcher.Form>
      {answer?.formError ? (
        <p className="form-error" role="alert">
          {answer.formError}
        </p>
      ) : null}
      {answer?.inviteLink ? (
        <div className="notice" role="status">
          <p>Send this link to the person whose seat it is. It is shown only once and works until {formatDate(answer.expiresAt)}.</p>
          <p className="invite-link" data-testid="seat-invite-link">
            {answer.inviteLink}
          </p>
        </div>
      ) : null}
    </div>
  )
}
