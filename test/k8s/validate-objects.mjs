// Validates Kubernetes objects against the OpenAPI schemas bundled in kubernetes-models, offline.
// Both packages are ES modules only, so jest (CommonJS) runs this file in a child process:
// stdin is a JSON array of objects, stdout a JSON array of { kind, name, errors } (errors empty when valid).
import { readFileSync } from "node:fs";

const objects = JSON.parse(readFileSync(0, "utf8"));
const results = [];
for (const object of objects) {
  const { apiVersion, kind } = object;
  const name = object.metadata?.name;
  // "v1" is the core group (kubernetes-models/v1/Service); "apps/v1" → kubernetes-models/apps/v1/Deployment.
  const modulePath = `kubernetes-models/${apiVersion}/${kind}`;
  let Model;
  try {
    Model = (await import(modulePath))[kind];
  } catch {
    results.push({ kind, name, errors: [`no schema for ${apiVersion} ${kind} in kubernetes-models`] });
    continue;
  }
  try {
    new Model(object).validate();
    results.push({ kind, name, errors: [] });
  } catch (error) {
    const details = error.errors?.map((entry) => `${entry.instancePath || "/"} ${entry.message}`) ?? [error.message];
    results.push({ kind, name, errors: details });
  }
}
process.stdout.write(JSON.stringify(results));
