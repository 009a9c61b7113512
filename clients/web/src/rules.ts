// The process rules the pages show before the server would refuse: a button
// that can only be refused is replaced by the rule that refuses it.
import { BodyHearingState, BodyKind } from '../gen/budget/v1/hearing_pb';
import type { Proposal } from '../gen/budget/v1/proposal_pb';

/**
 * Rule 7: every workplace the proposal concerns has answered on its current
 * version, or its deadline passed.
 */
export function workplacesHeard(p: Proposal): boolean {
  return p.hearingStatus.filter((s) => s.kind === BodyKind.BODY_WORKPLACE)
    .every((s) => (s.state === BodyHearingState.BODY_RESPONDED || s.state === BodyHearingState.BODY_DEADLINE_PASSED) && !s.concernsOlderVersion) &&
    (p.content?.workplaces ?? []).every((w) => p.hearingStatus.some((s) => s.body === w));
}
