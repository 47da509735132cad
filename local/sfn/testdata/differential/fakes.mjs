// Fake Lambda functions with the semantics of ../conformance/README.md; the Go
// conformance test implements the very same ones. aws-local-stepfunctions
// overrides Task states by state name (taskResourceLocalHandlers), so
// handlersFor walks a definition and gives every Task state a handler that
// emulates its Resource: a plain function ARN gets the function's result,
// arn:aws:states:::lambda:invoke gets the Lambda Invoke response that AWS
// wraps the result in.

import { setTimeout as sleep } from 'node:timers/promises';

const lambdaARN = /^arn:aws:lambda:[^:]*:[^:]*:function:([^:]+)(:[^:]+)?$/;

/** taskError builds the error a failing function raises; the package uses
 * the error's name as the ASL error name and its message as the cause. */
function taskError(name, cause) {
  const err = new Error(cause);
  err.name = name;
  return err;
}

/** newFakes returns a fresh set of functions (their own flaky counters). */
export function newFakes() {
  const flaky = new Map();
  return {
    echo: async (p) => p,
    add: async (p) => p.a + p.b,
    fail: async (p) => {
      throw taskError(p.error, p.cause);
    },
    flaky: async (p) => {
      const n = (flaky.get(p.key) ?? 0) + 1;
      flaky.set(p.key, n);
      if (n <= p.failures) throw taskError('Flaky.Transient', `attempt ${n}`);
      return { key: p.key, attempts: n };
    },
    sleep: async (p) => {
      await sleep(p.ms);
      return p;
    },
  };
}

/** functionName accepts a full function ARN or a bare name. */
function functionName(fn) {
  const m = lambdaARN.exec(fn);
  return m ? m[1] : fn;
}

function call(fakes, name, payload) {
  const f = fakes[name];
  if (!f) throw taskError('Lambda.ResourceNotFoundException', `Function not found: ${name}`);
  return f(payload);
}

/** taskHandler emulates one Task state's Resource. */
function taskHandler(fakes, resource) {
  const m = lambdaARN.exec(resource);
  if (m) return (input) => call(fakes, m[1], input);
  if (resource === 'arn:aws:states:::lambda:invoke') {
    return async (input) => {
      const payload = await call(fakes, functionName(input.FunctionName), input.Payload ?? {});
      return {
        ExecutedVersion: '$LATEST',
        Payload: payload,
        SdkHttpMetadata: {
          AllHttpHeaders: { 'X-Amz-Executed-Version': ['$LATEST'], 'Content-Type': ['application/json'] },
          HttpHeaders: { 'X-Amz-Executed-Version': '$LATEST', 'Content-Type': 'application/json' },
          HttpStatusCode: 200,
        },
        SdkResponseMetadata: { RequestId: '00000000-0000-4000-8000-000000000000' },
        StatusCode: 200,
      };
    };
  }
  return async () => {
    throw taskError('States.Runtime', `unsupported resource ${resource}`);
  };
}

/** handlersFor maps every Task state name in def (including Parallel
 * branches and Map processors) to a handler. State names must be unique
 * across the whole definition, as the package keys overrides by name. */
export function handlersFor(def, fakes) {
  const out = {};
  const walk = (machine) => {
    if (!machine || typeof machine.States !== 'object' || machine.States === null) return;
    for (const [name, s] of Object.entries(machine.States)) {
      if (!s || typeof s !== 'object') continue;
      if (s.Type === 'Task' && typeof s.Resource === 'string') {
        if (name in out) throw new Error(`Task state name ${name} is used twice; the package keys overrides by name`);
        out[name] = taskHandler(fakes, s.Resource);
      }
      for (const b of s.Branches ?? []) walk(b);
      walk(s.ItemProcessor ?? s.Iterator);
    }
  };
  walk(def);
  return out;
}
