"""After the engine: severity overrides, fingerprints, inline suppressions, waivers and
baselines, tracked-change revisions; ``postprocess`` applies them in order."""
