// The budget.v1 services over the Connect protocol (budgetd's --http_listen),
// with clients generated from proto/: no hand-written request code.
import type { Timestamp } from '@bufbuild/protobuf/wkt';
import { Code, ConnectError, createClient, type Interceptor } from '@connectrpc/connect';
import { createConnectTransport } from '@connectrpc/connect-web';
import { AdminService } from '../gen/budget/v1/admin_service_pb';
import { AdoptionService, ExpansionService } from '../gen/budget/v1/adoption_service_pb';
import { CommitteeService, CouncilService } from '../gen/budget/v1/allocation_service_pb';
import { AuditService, type ProposalHistoryResponse, type RoundState } from '../gen/budget/v1/audit_service_pb';
import { HearingService, MeetingService } from '../gen/budget/v1/hearing_service_pb';
import { ProposalService } from '../gen/budget/v1/proposal_service_pb';
import { RoundService } from '../gen/budget/v1/round_service_pb';
import { SignInService } from '../gen/budget/v1/sign_in_service_pb';
import { BadRequestSchema, PreconditionFailureSchema } from '../gen/google/rpc/error_details_pb';
import { currentToken } from './auth';
import { t } from './texts';

// The token goes in the Authorization header and nowhere else.
const bearer: Interceptor = (next) => async (req) => {
  const token = await currentToken();
  if (token) req.header.set('Authorization', `Bearer ${token}`);
  return next(req);
};

const transport = createConnectTransport({
  baseUrl: location.origin,
  interceptors: [bearer],
  // Side-effect-free reads as GET, so the browser may revalidate them (ETag).
  useHttpGet: true,
  // The binary encoding: a third of the JSON's size, parsed several times
  // faster, and not recompressed by the server's HTTP library (brotli at its
  // default quality spends seconds on a 500 KB JSON page of proposals).
  useBinaryFormat: true,
});

export const api = {
  rounds: createClient(RoundService, transport),
  proposals: createClient(ProposalService, transport),
  committees: createClient(CommitteeService, transport),
  council: createClient(CouncilService, transport),
  hearings: createClient(HearingService, transport),
  meetings: createClient(MeetingService, transport),
  expansions: createClient(ExpansionService, transport),
  adoption: createClient(AdoptionService, transport),
  audit: createClient(AuditService, transport),
  admin: createClient(AdminService, transport),
  signIn: createClient(SignInService, transport),
};

/** The largest page the paged reads allow: fewest round trips. */
const PAGE_SIZE = 1000;

/** Every page of a paged read, in order: asks with each next_page_token until one comes back empty. */
export async function allPages<T extends { nextPageToken: string }>(page: (pageToken: string) => Promise<T>): Promise<T[]> {
  const pages: T[] = [];
  let pageToken = '';
  do {
    const r = await page(pageToken);
    pages.push(r);
    pageToken = r.nextPageToken;
  } while (pageToken);
  return pages;
}

/** A proposal's whole history (AuditService.ProposalHistory, every page concatenated). */
export async function proposalHistory(proposal: string): Promise<ProposalHistoryResponse> {
  const [first, ...rest] = await allPages((pageToken) => api.audit.proposalHistory({ proposal, pageSize: PAGE_SIZE, pageToken }));
  for (const r of rest) {
    first.versions.push(...r.versions);
    first.events.push(...r.events);
  }
  first.nextPageToken = '';
  return first;
}

/**
 * A round's whole state at one moment (AuditService.GetStateAsOf, every page
 * concatenated). The round and summary come on the first page; the first
 * page's token fixes the position for the rest.
 */
export async function stateAsOf(request: { round: string; position: bigint; time?: Timestamp }): Promise<RoundState> {
  const [first, ...rest] = await allPages((pageToken) => api.audit.getStateAsOf({ ...request, pageSize: PAGE_SIZE, pageToken }));
  for (const r of rest) {
    first.proposals.push(...r.proposals);
    first.hearings.push(...r.hearings);
    first.meetings.push(...r.meetings);
    first.expansions.push(...r.expansions);
    first.corrections.push(...r.corrections);
  }
  first.nextPageToken = '';
  return first;
}

/** What a refused call means for the person who made it: a summary, each bad field, and the rule. */
export interface Refusal {
  code: Code;
  message: string;
  fields: { field: string; description: string }[];
  rules: { type: string; subject: string; description: string; name?: string }[];
}

export function refusal(e: unknown): Refusal {
  const err = ConnectError.from(e);
  const fields = err.findDetails(BadRequestSchema).flatMap((d) =>
    d.fieldViolations.map((v) => ({ field: v.field, description: v.description })));
  const rules = err.findDetails(PreconditionFailureSchema).flatMap((d) =>
    d.violations.map((v) => ({ type: v.type, subject: v.subject, description: v.description, name: t.rules[v.type] })));
  return { code: err.code, message: err.rawMessage, fields, rules };
}

/** A one-line Danish explanation of a refusal (the server's own words follow as text). */
export function explain(r: Refusal): string {
  if (r.rules.length && r.rules[0].name) return `${t.errors.refusedBy} ${r.rules[0].name}.`;
  switch (r.code) {
    case Code.PermissionDenied: return t.errors.permission;
    case Code.Unauthenticated: return t.errors.unauthenticated;
    case Code.Aborted: return t.errors.stale;
    case Code.NotFound: return t.errors.notFound;
    case Code.InvalidArgument: return t.errors.invalid;
    case Code.Unavailable: case Code.Unknown: case Code.DeadlineExceeded: return t.errors.network;
    default: return t.errors.server;
  }
}

/**
 * Request ids for one form: the same id for the same request (a double click
 * or a retry after a network error is answered from the server's record and
 * writes nothing), a new one when what is sent changes, and a fresh one after
 * a success.
 */
export class RequestIds {
  private key = '';
  private id = '';

  for(request: unknown): string {
    const key = JSON.stringify(request, (_, v) => (typeof v === 'bigint' ? v.toString() : v));
    if (key !== this.key) {
      this.key = key;
      this.id = `web-${crypto.randomUUID()}`;
    }
    return this.id;
  }

  done(): void {
    this.key = '';
  }
}
