// gRPC status -> HTTP status, and the JSON error body the page shows.
//
// Body: {"error": {"code": "NOT_FOUND", "grpc_code": 5, "http_status": 404,
//                  "message": "...", "field_violations": [{field, description}],
//                  "source": "server" | "gateway"}}

import grpc from '@grpc/grpc-js';

import { GrpcError } from './grpc_client.js';

const S = grpc.status;

// After google.rpc.Code's documented HTTP mapping.
const HTTP_STATUS = {
  [S.OK]: 200,
  [S.CANCELLED]: 499,
  [S.UNKNOWN]: 500,
  [S.INVALID_ARGUMENT]: 400,
  [S.DEADLINE_EXCEEDED]: 504,
  [S.NOT_FOUND]: 404,
  [S.ALREADY_EXISTS]: 409,
  [S.PERMISSION_DENIED]: 403,
  [S.RESOURCE_EXHAUSTED]: 429,
  [S.FAILED_PRECONDITION]: 400,
  [S.ABORTED]: 409,
  [S.OUT_OF_RANGE]: 400,
  [S.UNIMPLEMENTED]: 501,
  [S.INTERNAL]: 500,
  [S.UNAVAILABLE]: 503,
  [S.DATA_LOSS]: 500,
  [S.UNAUTHENTICATED]: 401,
};

export function httpStatusOf(grpcCode) {
  return HTTP_STATUS[grpcCode] ?? 500;
}

// A request the gateway refuses before calling the server (a malformed
// query parameter): INVALID_ARGUMENT naming the field.
export function badParameter(field, description) {
  const err = new GrpcError(S.INVALID_ARGUMENT, `${field}: ${description}`,
                            [{ field, description }]);
  err.fromGateway = true;
  return err;
}

// The JSON body and HTTP status for any error thrown while serving.
export function errorBody(err) {
  const e = err instanceof GrpcError ? err
    : new GrpcError(S.INTERNAL, `gateway error: ${err?.message ?? err}`);
  const status = httpStatusOf(e.code);
  return {
    status,
    body: {
      error: {
        code: e.codeName,
        grpc_code: e.code,
        http_status: status,
        message: e.message,
        field_violations: e.violations,
        source: e.fromGateway ? 'gateway' : 'server',
      },
    },
  };
}
