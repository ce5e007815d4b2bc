// The OpenAPI 3.1 document, generated from the same zod schemas the handlers validate with, so
// the published shapes cannot drift from the ones enforced. Served at GET /api/openapi.json.
import { z } from 'zod'
import { KEY_SCOPES } from './scopes'
import {
  apiKeyListSchema,
  adminUserListSchema,
  createKeySchema,
  createUserSchema,
  createdKeySchema,
  serviceBodySchema,
  serviceSchema,
  updateServiceSchema,
  updateUserSchema,
  userSummarySchema,
} from './admin'
import { incidentSummarySchema } from './summary'
import { createPolicySchema, policyListSchema, policySchema, updatePolicySchema } from './escalation'
import { analyticsCsvQuerySchema, analyticsQuerySchema, analyticsSchema } from './analytics'
import { createScheduleSchema, onCallSchema, scheduleListSchema, scheduleSchema, shiftsSchema, updateScheduleSchema } from './schedules'
import {
  createWebhookSchema,
  createdWebhookSchema,
  deliverySchema,
  incidentNotificationListSchema,
  testResultSchema,
  updateWebhookSchema,
  webhookSchema,
} from './webhooks'
import { alertListSchema, alertmanagerWebhookSchema, eventAcceptedSchema, genericEventSchema, pagerDutyEventSchema } from './events'
import { ackLinkUsedSchema, redeemAckLinkSchema } from './ackLinks'
import { bulkChangeSchema, bulkResponseSchema, createNoteSchema, noteListSchema, noteSchema } from './notes'
import { errorSchema, healthSchema, loginSchema, meSchema, serviceListSchema, userListSchema } from './common'
import {
  createIncidentSchema,
  incidentListSchema,
  incidentSchema,
  incidentWithTimelineSchema,
  listQuerySchema,
  updateIncidentSchema,
} from './incidents'

type Json = Record<string, unknown>

const schema = (s: z.ZodType, io: 'input' | 'output' = 'output'): Json => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Json
  return rest
}

/** A query schema's parameters, each described by its own schema's `.describe()`. */
function parametersOf(query: z.ZodType): Json[] {
  const props = (schema(query, 'input').properties ?? {}) as Record<string, Json>
  return Object.entries(props).map(([name, { description, ...s }]) => ({
    name,
    in: 'query',
    required: false,
    description,
    // Lists arrive comma-separated in one parameter.
    schema: s.type === 'array' ? { type: 'string' } : s,
  }))
}

/** The list's query parameters. */
const queryParameters = () => parametersOf(listQuerySchema)

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })
const jsonBody = (s: Json) => ({ required: true, content: { 'application/json': { schema: s } } })
const ok = (description: string, s?: Json, headers?: Json) => ({
  description,
  ...(s ? { content: { 'application/json': { schema: s } } } : {}),
  ...(headers ? { headers } : {}),
})
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [String(c), { description: ERROR_TEXT[c], content: { 'application/json': { schema: ref('Error') } } }]))

const ERROR_TEXT: Record<number, string> = {
  400: 'INVALID_REQUEST: malformed JSON, wrong content type, body not an object',
  401: 'UNAUTHORIZED: no credential, or an unknown, revoked or expired key',
  403: 'FORBIDDEN: the credential lacks the scope (or a cross-origin cookie write)',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED (with Allow)',
  409: 'INVALID_TRANSITION or CONFLICT',
  412: 'PRECONDITION_FAILED: If-Match does not match the current ETag',
  408: 'REQUEST_TIMEOUT: the body did not arrive in time (BODY_TIMEOUT_MS)',
  413: 'PAYLOAD_TOO_LARGE: bodies over 64 KiB',
  422: 'VALIDATION_ERROR with field-level details',
  429: 'RATE_LIMITED (with Retry-After)',
  503: 'SERVICE_UNAVAILABLE: the database is not answering',
}
const READ_ERRORS = [401, 403, 422, 429]
const WRITE_ERRORS = [400, 401, 403, 408, 413, 422, 429]
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } }
const read = (scope: string) => [{ apiKey: [scope] }, { session: [scope] }]
const etag = { ETag: { description: 'Strong; changes with every change to the incident', schema: { type: 'string' } } }

/** Notes on an incident, and bulk changes (Part 2). */
function notePaths(): Json {
  return {
    '/api/incidents/{id}/notes': {
      get: {
        summary: 'An incident’s notes, oldest first',
        security: read('incidents:read'),
        parameters: [idParam],
        responses: { '200': ok('Notes', schema(noteListSchema)), ...errors(401, 403, 404, 429) },
      },
      post: {
        summary: 'Add a note (a `note` timeline event; sends incident.annotated); resolved incidents take notes too',
        security: read('incidents:write'),
        parameters: [idParam],
        requestBody: jsonBody(schema(createNoteSchema, 'input')),
        responses: { '201': ok('The note', schema(noteSchema)), ...errors(...WRITE_ERRORS, 404) },
      },
    },
    '/api/incidents/bulk': {
      post: {
        summary: 'The same change (and note) to up to 200 incidents, each as its own PATCH would; one write against the rate limit',
        security: read('incidents:write'),
        requestBody: jsonBody(schema(bulkChangeSchema, 'input')),
        responses: { '200': ok('One result per id, in the order of ids', schema(bulkResponseSchema)), ...errors(...WRITE_ERRORS) },
      },
    },
  }
}

const INGEST_ERRORS = [400, 401, 403, 413, 422]

/** The three ingestion endpoints: an integration key (events:write, bound to a service) only. */
function ingestionPaths(): Json {
  const accepted = { '202': ok('Applied: the incident already shows it', schema(eventAcceptedSchema)) }
  const integration = [{ apiKey: ['events:write'] }]
  return {
    '/api/events': {
      post: {
        summary: 'PagerDuty Events API v2 (the key as Bearer or as routing_key); errors also carry status, message, errors[]',
        security: [...integration, {}],
        requestBody: jsonBody(schema(pagerDutyEventSchema, 'input')),
        responses: { ...accepted, ...errors(...INGEST_ERRORS, 429) },
      },
    },
    '/api/events/alertmanager': {
      post: {
        summary: 'Prometheus Alertmanager webhook (version 4) or a Grafana webhook contact point; one incident per groupKey',
        security: integration,
        requestBody: jsonBody(schema(alertmanagerWebhookSchema, 'input')),
        responses: { ...accepted, ...errors(...INGEST_ERRORS), '503': { description: 'RATE_LIMITED over the events budget (Alertmanager retries only 5xx), or the database is not answering', content: { 'application/json': { schema: ref('Error') } } } },
      },
    },
    '/api/events/generic': {
      post: {
        summary: 'A generic event: summary, dedupKey, action, urgency, details',
        security: integration,
        requestBody: jsonBody(schema(genericEventSchema, 'input')),
        responses: { ...accepted, ...errors(...INGEST_ERRORS, 429) },
      },
    },
  }
}

export function openApiDocument(): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Incident Console API',
      version: '1.0.0',
      description:
        'Incidents, services and users. Authenticate with `Authorization: Bearer <api key>`. Every error has one shape; every response carries X-Request-Id.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: `API key (ick_…). Scopes: ${KEY_SCOPES.join(', ')}` },
        session: { type: 'apiKey', in: 'cookie', name: 'ic_session', description: 'Dashboard session (writes need a same-origin Origin)' },
      },
      schemas: {
        Incident: schema(incidentSchema),
        IncidentWithTimeline: schema(incidentWithTimelineSchema),
        IncidentList: schema(incidentListSchema),
        CreateIncident: schema(createIncidentSchema, 'input'),
        UpdateIncident: schema(updateIncidentSchema, 'input'),
        Error: schema(errorSchema),
      },
    },
    paths: {
      '/api/incidents': {
        get: {
          summary: 'List incidents',
          security: read('incidents:read'),
          parameters: queryParameters(),
          responses: { '200': ok('A page of incidents, newest first by default (sort=triage: what burns first)', ref('IncidentList')), ...errors(...READ_ERRORS) },
        },
        post: {
          summary: 'Create an incident',
          security: read('incidents:write'),
          parameters: [
            { name: 'Idempotency-Key', in: 'header', required: false, description: '1…255 chars; repeats within 24 h replay the first answer', schema: { type: 'string' } },
          ],
          requestBody: jsonBody(ref('CreateIncident')),
          responses: {
            '201': ok('Created', ref('Incident'), { Location: { schema: { type: 'string' } } }),
            ...errors(...WRITE_ERRORS, 409),
          },
        },
      },
      '/api/incidents/{id}': {
        get: {
          summary: 'Get an incident with its timeline',
          security: read('incidents:read'),
          parameters: [idParam],
          responses: { '200': ok('The incident', ref('IncidentWithTimeline'), etag), ...errors(401, 403, 404, 429) },
        },
        patch: {
          summary: 'Update an incident',
          security: read('incidents:write'),
          parameters: [idParam, { name: 'If-Match', in: 'header', required: false, schema: { type: 'string' } }],
          requestBody: jsonBody(ref('UpdateIncident')),
          responses: { '200': ok('The whole updated incident', ref('Incident'), etag), ...errors(...WRITE_ERRORS, 404, 409, 412) },
        },
      },
      '/api/incidents/{id}/alerts': {
        get: {
          summary: 'The newest 100 alerts folded into an incident, newest first',
          security: read('incidents:read'),
          parameters: [idParam],
          responses: { '200': ok('Alerts', schema(alertListSchema)), ...errors(401, 403, 404, 429) },
        },
      },
      ...notePaths(),
      '/api/incidents/{id}/notifications': {
        get: {
          summary: 'The newest 100 notifications an incident sent, newest first: where to (host only) and whether they arrived',
          security: read('incidents:read'),
          parameters: [idParam],
          responses: { '200': ok('Notifications', schema(incidentNotificationListSchema)), ...errors(401, 403, 404, 429) },
        },
      },
      ...ingestionPaths(),
      '/api/incidents/summary': {
        get: {
          summary: 'Incidents per status under the list’s filters (status aside)',
          security: read('incidents:read'),
          parameters: queryParameters().filter((p) => ['serviceId', 'urgency', 'assigneeId', 'q'].includes(p.name as string)),
          responses: { '200': ok('Counts per status', schema(incidentSummarySchema)), ...errors(...READ_ERRORS) },
        },
      },
      '/api/analytics': {
        get: {
          summary: 'Incidents created, acknowledged and resolved per day or week, mean times to acknowledge and resolve, per service',
          security: read('incidents:read'),
          parameters: parametersOf(analyticsQuerySchema),
          responses: { '200': ok('Trends over the range', schema(analyticsSchema)), ...errors(...READ_ERRORS) },
        },
      },
      '/api/analytics.csv': {
        get: {
          summary: 'The analytics as CSV: one row per bucket, or (table=services) one per service',
          security: read('incidents:read'),
          parameters: parametersOf(analyticsCsvQuerySchema),
          responses: { '200': { description: 'text/csv, as an attachment', content: { 'text/csv': { schema: { type: 'string' } } } }, ...errors(...READ_ERRORS) },
        },
      },
      '/api/incidents/stream': {
        get: {
          summary: 'Server-sent events: `change` whenever any incident changes (no incident data; refetch what you show)',
          security: read('incidents:read'),
          responses: { '200': { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } }, ...errors(401, 403, 429) },
        },
      },
      '/api/services': {
        get: { summary: 'List services', security: read('incidents:read'), responses: { '200': ok('Services', schema(serviceListSchema)), ...errors(401, 403, 429) } },
        post: {
          summary: 'Create a service (admin)',
          security: [{ session: ['admin'] }],
          requestBody: jsonBody(schema(serviceBodySchema, 'input')),
          responses: { '201': ok('Created'), ...errors(...WRITE_ERRORS, 409) },
        },
      },
      '/api/services/{id}': {
        patch: {
          summary: 'Rename a service or choose its escalation policy (admin)',
          security: [{ session: ['admin'] }],
          parameters: [idParam],
          requestBody: jsonBody(schema(updateServiceSchema, 'input')),
          responses: { '200': ok('Updated', schema(serviceSchema)), ...errors(...WRITE_ERRORS, 404, 409) },
        },
      },
      '/api/users': {
        get: {
          summary: 'List users (for assignment); admins also get roles, and `?include=disabled` adds disabled users',
          security: read('incidents:read'),
          responses: { '200': ok('Users', { anyOf: [schema(userListSchema), schema(adminUserListSchema)] }), ...errors(401, 403, 429) },
        },
        post: {
          summary: 'Create a user (admin)',
          security: [{ session: ['admin'] }],
          requestBody: jsonBody(schema(createUserSchema, 'input')),
          responses: { '201': ok('Created', schema(userSummarySchema)), ...errors(...WRITE_ERRORS, 409) },
        },
      },
      '/api/users/{id}': {
        patch: {
          summary: 'Change a user’s role or name, or disable them (admin)',
          security: [{ session: ['admin'] }],
          parameters: [idParam],
          requestBody: jsonBody(schema(updateUserSchema, 'input')),
          responses: { '200': ok('Updated', schema(userSummarySchema)), ...errors(...WRITE_ERRORS, 404, 409) },
        },
      },
      '/api/keys': {
        get: { summary: 'List API keys (admin)', security: [{ session: ['admin'] }], responses: { '200': ok('Keys (never their secrets)', schema(apiKeyListSchema)), ...errors(401, 403) } },
        post: {
          summary: 'Create an API key (admin); the key is in this answer only',
          security: [{ session: ['admin'] }],
          requestBody: jsonBody(schema(createKeySchema, 'input')),
          responses: { '201': ok('Created', schema(createdKeySchema)), ...errors(...WRITE_ERRORS) },
        },
      },
      '/api/keys/{id}': {
        delete: { summary: 'Revoke an API key (admin)', security: [{ session: ['admin'] }], parameters: [idParam], responses: { '204': ok('Revoked'), ...errors(401, 403, 404) } },
      },
      '/api/webhooks': {
        get: { summary: 'List webhook subscriptions (admin)', security: [{ session: ['admin'] }], responses: { '200': ok('Subscriptions (never their secrets)', schema(z.object({ webhooks: z.array(webhookSchema) }))), ...errors(401, 403) } },
        post: {
          summary: 'Subscribe a URL to incident events (admin); the signing secret is in this answer only',
          security: [{ session: ['admin'] }],
          requestBody: jsonBody(schema(createWebhookSchema, 'input')),
          responses: { '201': ok('Created', schema(createdWebhookSchema)), ...errors(...WRITE_ERRORS) },
        },
      },
      '/api/webhooks/{id}': {
        patch: {
          summary: 'Change, pause or resume a subscription (admin)',
          security: [{ session: ['admin'] }],
          parameters: [idParam],
          requestBody: jsonBody(schema(updateWebhookSchema, 'input')),
          responses: { '200': ok('Updated', schema(webhookSchema)), ...errors(...WRITE_ERRORS, 404) },
        },
        delete: { summary: 'Delete a subscription and its delivery log (admin)', security: [{ session: ['admin'] }], parameters: [idParam], responses: { '204': ok('Deleted'), ...errors(401, 403, 404) } },
      },
      '/api/webhooks/{id}/test': {
        post: { summary: 'Send a signed test message now (admin)', security: [{ session: ['admin'] }], parameters: [idParam], responses: { '200': ok('How the attempt went', schema(testResultSchema)), ...errors(401, 403, 404) } },
      },
      '/api/webhooks/{id}/deliveries': {
        get: { summary: 'The newest 100 messages with their attempts (admin)', security: [{ session: ['admin'] }], parameters: [idParam], responses: { '200': ok('Deliveries', schema(z.object({ deliveries: z.array(deliverySchema) }))), ...errors(401, 403, 404) } },
      },
      '/api/webhooks/{id}/deliveries/{deliveryId}/redeliver': {
        post: {
          summary: 'Send a message again, same webhook-id and body (admin)',
          security: [{ session: ['admin'] }],
          parameters: [idParam, { name: 'deliveryId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '202': ok('Queued'), ...errors(401, 403, 404) },
        },
      },
      '/api/escalation-policies': {
        get: { summary: 'List escalation policies', security: read('incidents:read'), responses: { '200': ok('Policies', schema(policyListSchema)), ...errors(401, 403, 429) } },
        post: {
          summary: 'Create an escalation policy (admin)',
          security: [{ session: ['admin'] }],
          requestBody: jsonBody(schema(createPolicySchema, 'input')),
          responses: { '201': ok('Created', schema(policySchema)), ...errors(...WRITE_ERRORS) },
        },
      },
      '/api/escalation-policies/{id}': {
        get: { summary: 'One escalation policy', security: read('incidents:read'), parameters: [idParam], responses: { '200': ok('The policy', schema(policySchema)), ...errors(401, 403, 404, 429) } },
        patch: {
          summary: 'Change an escalation policy (admin); incidents already escalating follow the new steps from their next one',
          security: [{ session: ['admin'] }],
          parameters: [idParam],
          requestBody: jsonBody(schema(updatePolicySchema, 'input')),
          responses: { '200': ok('Updated', schema(policySchema)), ...errors(...WRITE_ERRORS, 404) },
        },
        delete: {
          summary: 'Delete an escalation policy (admin); 409 while a service uses it',
          security: [{ session: ['admin'] }],
          parameters: [idParam],
          responses: { '204': ok('Deleted'), ...errors(401, 403, 404, 409) },
        },
      },
      '/api/schedules': {
        get: { summary: 'List on-call schedules', security: read('incidents:read'), responses: { '200': ok('Schedules', schema(scheduleListSchema)), ...errors(401, 403, 429) } },
        post: {
          summary: 'Create a schedule (admin)',
          security: [{ session: ['admin'] }],
          requestBody: jsonBody(schema(createScheduleSchema, 'input')),
          responses: { '201': ok('Created', schema(scheduleSchema)), ...errors(...WRITE_ERRORS) },
        },
      },
      '/api/schedules/{id}': {
        get: { summary: 'A schedule', security: read('incidents:read'), parameters: [idParam], responses: { '200': ok('The schedule', schema(scheduleSchema)), ...errors(401, 403, 404, 429) } },
        patch: {
          summary: 'Change a schedule; layers and overrides, when sent, replace the stored ones (admin)',
          security: [{ session: ['admin'] }],
          parameters: [idParam],
          requestBody: jsonBody(schema(updateScheduleSchema, 'input')),
          responses: { '200': ok('Updated', schema(scheduleSchema)), ...errors(...WRITE_ERRORS, 404) },
        },
        delete: { summary: 'Delete a schedule (admin)', security: [{ session: ['admin'] }], parameters: [idParam], responses: { '204': ok('Deleted'), ...errors(401, 403, 404) } },
      },
      '/api/schedules/{id}/shifts': {
        get: {
          summary: 'Who is on call when, over [from, to) (at most 90 days)',
          security: read('incidents:read'),
          parameters: [
            idParam,
            { name: 'from', in: 'query', required: false, description: 'ISO 8601; default now', schema: { type: 'string', format: 'date-time' } },
            { name: 'to', in: 'query', required: false, description: 'ISO 8601; default from + 14 days', schema: { type: 'string', format: 'date-time' } },
          ],
          responses: { '200': ok('The final shifts, and each layer\'s and override\'s own', schema(shiftsSchema)), ...errors(...READ_ERRORS, 404) },
        },
      },
      '/api/oncall': {
        get: { summary: 'Who is on call now on every schedule, and until when', security: read('incidents:read'), responses: { '200': ok('On call now', schema(onCallSchema)), ...errors(401, 403, 429) } },
      },
      '/api/auth/login': {
        post: {
          summary: 'Sign in (dashboard); sets the HTTP-only session cookie',
          requestBody: jsonBody(schema(loginSchema, 'input')),
          responses: { '200': ok('Signed in', schema(meSchema)), ...errors(400, 401, 403, 422, 429) },
        },
      },
      '/api/auth/logout': { post: { summary: 'Sign out', security: [{ session: [] }], responses: { '204': ok('Signed out'), ...errors(401, 403) } } },
      '/api/auth/me': { get: { summary: 'Who this credential is', security: [{ apiKey: [] }, { session: [] }], responses: { '200': ok('The user or key'), ...errors(401) } } },
      '/api/ack': {
        post: {
          summary: "Use an email's one-click acknowledge link (no credentials: the signed link is one); 409 details name why it is refused: used, expired, acknowledged, resolved",
          requestBody: jsonBody(schema(redeemAckLinkSchema, 'input')),
          responses: { '200': ok('Acknowledged as the person the link was sent to', schema(ackLinkUsedSchema)), ...errors(400, 404, 409, 413, 422) },
        },
      },
      '/api/health': { get: { summary: 'Health (no credentials)', responses: { '200': ok('The database answers', schema(healthSchema)), ...errors(503) } } },
      '/api/openapi.json': { get: { summary: 'This document', responses: { '200': ok('OpenAPI 3.1') } } },
    },
  }
}
