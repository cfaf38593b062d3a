import { Link } from '@remix-run/react'
import { evidenceLink, INDICATOR_GUIDANCE } from '../core/guidance'
import { INDICATOR_STATUS_TEXT } from '../core/indicators'
import type { IndicatorKey, IndicatorStatus } from '../core/types'

type GuideIndicator = { key: IndicatorKey; name: string; status: IndicatorStatus }

/**
 * What each indicator looks for in plain words, what a group might do when it warns, and where
 * this cycle's evidence can be read. The exact rule and thresholds stand beside each verdict in
 * the table above; these words say why the rule matters.
 */
export function IndicatorGuide({
  indicators,
  inquiryId,
  cycleNumber,
}: {
  indicators: readonly GuideIndicator[]
  inquiryId: string
  cycleNumber: number
}) {
  return (
    <section aria-labelledby="indicator-guide-heading" className="indicator-guide">
      <h3 id="indicator-guide-heading">What each indicator looks for, and what a group might do</h3>
      <dl>
        {indicators.map((i) => {
          const guide = INDICATOR_GUIDANCE[i.key]
          const evidence = evidenceLink(i.key, inquiryId, cycleNumber)
          return (
            <div key={i.key} id={`guide-${i.key}`}>
              <dt>
                {`${i.name} `}
                <span className="muted">{`(${INDICATOR_STATUS_TEXT[i.status]} this cycle)`}</span>
              </dt>
              <dd>
                <p>{guide.measures}</p>
                <p>
                  <strong>What a group might do:</strong> {guide.act}
                </p>
                <p>
                  The evidence: <Link to={evidence.href}>{evidence.label}</Link>.
                </p>
              </dd>
            </div>
          )
        })}
      </dl>
    </section>
  )
}
