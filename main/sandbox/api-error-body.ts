import type { ServerResponse } from 'node:http';
import { sendJson, sendProblem } from './http-io';
import type { Problem } from './problem';
import type { ErrorBodyStyle } from './variants';

/**
 * Sends an API error in the body style of the variant in force. ProblemDetails is the default
 * (ASP.NET's); the others drop the ProblemDetails extensions (asset and upload ids of a
 * conflict), as a server with another error model would not have them.
 */
export function sendApiError(res: ServerResponse, problem: Problem, style: ErrorBodyStyle, headers: Record<string, string> = {}): void {
  switch (style) {
    case 'problem-details':
      sendProblem(res, problem, headers);
      return;
    case 'errors-array':
      // Nomad's own error model: a stable code (the title without spaces), the field when one is at fault.
      sendJson(res, problem.status, { errors: [{ code: problem.title.replace(/\s+/g, ''), field: problem.field ?? null, message: problem.detail }] }, headers);
      return;
    case 'errors-message':
      sendJson(res, problem.status, { message: problem.detail }, headers);
      return;
    case 'errors-string':
      sendJson(res, problem.status, problem.detail, headers);
      return;
  }
}
