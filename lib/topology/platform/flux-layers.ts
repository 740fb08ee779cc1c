import type { IssueLog } from "../../config/errors";
import type { Platform } from "../../config/platform";
import type { TopologyFluxLayer } from "../types";
import { P } from "./shared";

type FluxLayerInput = NonNullable<Platform["flux"]["layers"]>[number];

/**
 * The Flux layers in apply order: each depends on the layer before unless it lists its own, and may
 * only depend on a layer listed earlier (so the order is the apply order and there is no cycle).
 * Reports a duplicate name and a dependency on a layer that does not exist or comes later.
 */
export function resolveFluxLayers(layers: readonly FluxLayerInput[], issues: IssueLog): TopologyFluxLayer[] {
  const path = `${P}.flux.layers`;
  const seen: string[] = [];
  return layers.map((layer, index) => {
    if (seen.includes(layer.name)) issues.error(`${path}[${index}].name`, layer.name, "is listed twice; give every layer its own name");
    const dependsOn = layer.dependsOn ?? (index > 0 ? [layers[index - 1].name] : []);
    layer.dependsOn?.forEach((name, position) => {
      if (seen.includes(name)) return;
      const later = layers.slice(index).some((candidate) => candidate.name === name);
      issues.error(
        `${path}[${index}].dependsOn[${position}]`,
        name,
        later
          ? `names a layer listed at or after ${layer.name}; layers apply in list order, so move ${name} before ${layer.name} or drop the dependency`
          : `is not a layer; use one of the layers listed before ${layer.name} (${seen.join(", ") || "none"}) or drop the dependency`,
      );
    });
    seen.push(layer.name);
    return { name: layer.name, path: layer.path ?? `./kubernetes/${layer.name}`, dependsOn };
  });
}
