#!/usr/bin/env python3
"""Checks deploy/kubernetes/eventgraph.yaml: parses it as YAML (Debian's
python3-yaml) and asserts the fields that make the deployment work: a
one-replica StatefulSet with a volume claim for the RocksDB folder, native
gRPC probes on port 50051, a non-root read-only container, memory sized from
the ConfigMap's TOML, a headless Service and a ClusterIP Service.
"""

import os
import re
import unittest

import deploy_testlib as lib

try:
    import yaml
except ImportError:  # pragma: no cover
    yaml = None

GRPC_PORT = 50051
COLUMN_FAMILIES = 10
MEMTABLES_PER_FAMILY = 4  # storage/event_store.cc: max_write_buffer_number
MiB = 1 << 20


def quantity_bytes(value):
    """A Kubernetes memory quantity ("1536Mi", "2Gi", "1G", "1000000")."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([KMGT]i?|)", str(value))
    if not match:
        raise AssertionError(f"cannot read the memory quantity {value!r}")
    number, suffix = float(match.group(1)), match.group(2)
    scale = {"": 1, "K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12,
             "Ki": 1 << 10, "Mi": 1 << 20, "Gi": 1 << 30, "Ti": 1 << 40}
    return number * scale[suffix]


class KubernetesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if yaml is None:
            raise unittest.SkipTest("python3-yaml is not installed")
        with open(lib.KUBERNETES, encoding="utf-8") as f:
            cls.docs = [d for d in yaml.safe_load_all(f) if d is not None]

    def of_kind(self, kind):
        return [d for d in self.docs if d.get("kind") == kind]

    def the(self, kind):
        found = self.of_kind(kind)
        self.assertEqual(len(found), 1, f"expected one {kind}")
        return found[0]

    @property
    def statefulset(self):
        return self.the("StatefulSet")

    @property
    def pod(self):
        return self.statefulset["spec"]["template"]["spec"]

    @property
    def container(self):
        containers = self.pod["containers"]
        self.assertEqual(len(containers), 1)
        return containers[0]

    def config(self):
        configmap = self.the("ConfigMap")
        self.assertEqual(list(configmap["data"]), ["eventgraphd.toml"])
        return configmap, lib.load_toml(configmap["data"]["eventgraphd.toml"])

    def test_kinds(self):
        self.assertEqual(sorted(d["kind"] for d in self.docs),
                         ["ConfigMap", "Service", "Service", "StatefulSet"])
        for doc in self.docs:
            self.assertIn("apiVersion", doc)
            self.assertIn("name", doc["metadata"])

    def test_statefulset(self):
        spec = self.statefulset["spec"]
        self.assertEqual(self.statefulset["apiVersion"], "apps/v1")
        self.assertEqual(spec["replicas"], 1)
        labels = spec["template"]["metadata"]["labels"]
        for key, value in spec["selector"]["matchLabels"].items():
            self.assertEqual(labels.get(key), value)
        ports = self.container["ports"]
        self.assertIn(GRPC_PORT, [p["containerPort"] for p in ports])

    def test_volume_claim_holds_the_database(self):
        _, config = self.config()
        claims = self.statefulset["spec"]["volumeClaimTemplates"]
        self.assertEqual(len(claims), 1)
        claim = claims[0]
        self.assertEqual(claim["spec"]["accessModes"], ["ReadWriteOnce"])
        self.assertIn("storage", claim["spec"]["resources"]["requests"])
        mounts = {m["name"]: m for m in self.container["volumeMounts"]}
        self.assertEqual(mounts[claim["metadata"]["name"]]["mountPath"],
                         config["db"])

    def test_config_map_is_the_config_file(self):
        configmap, config = self.config()
        command = self.container.get("command", []) + self.container.get("args", [])
        config_path = command[command.index("--config") + 1]
        mounts = {m["name"]: m for m in self.container["volumeMounts"]}
        volumes = {v["name"]: v for v in self.pod["volumes"]}
        config_volumes = [n for n, v in volumes.items()
                          if v.get("configMap", {}).get("name")
                          == configmap["metadata"]["name"]]
        self.assertEqual(len(config_volumes), 1)
        mount = mounts[config_volumes[0]]
        self.assertTrue(mount.get("readOnly"))
        self.assertEqual(os.path.join(mount["mountPath"], "eventgraphd.toml"),
                         config_path)
        # Every key is a flag of eventgraphd; it listens on the pod's
        # interfaces on the probed port.
        self.assertLessEqual(set(config), set(lib.server_flags()))
        self.assertEqual(config["listen"], f"0.0.0.0:{GRPC_PORT}")

    def test_security_context(self):
        pod_context = self.pod.get("securityContext", {})
        context = self.container["securityContext"]
        self.assertTrue(context.get("runAsNonRoot")
                        or pod_context.get("runAsNonRoot"))
        self.assertNotEqual(pod_context.get("runAsUser"), 0)
        self.assertTrue(context["readOnlyRootFilesystem"])
        self.assertFalse(context["allowPrivilegeEscalation"])
        self.assertEqual(context["capabilities"]["drop"], ["ALL"])

    def test_grpc_probes(self):
        for name in ("readinessProbe", "livenessProbe", "startupProbe"):
            with self.subTest(probe=name):
                probe = self.container[name]
                self.assertEqual(probe["grpc"]["port"], GRPC_PORT)
                self.assertNotIn("exec", probe)

    def test_memory_fits_the_configured_caches(self):
        _, config = self.config()
        resources = self.container["resources"]
        request = quantity_bytes(resources["requests"]["memory"])
        limit = quantity_bytes(resources["limits"]["memory"])
        self.assertLessEqual(request, limit)
        rocksdb = (config["cache-mb"] + COLUMN_FAMILIES * MEMTABLES_PER_FAMILY
                   * config["write-buffer-mb"]) * MiB
        # the graph's budget, and as much again for a window read from disk
        graph = 2 * config["graph-memory-mb"] * MiB
        # the block cache and full memtables, plus room for gRPC messages
        # and the rest of the heap
        headroom = max(256 * MiB, 2 * config["max-message-mb"] * MiB)
        self.assertGreaterEqual(limit, rocksdb + graph + headroom,
                                f"limit {limit / MiB} MiB, RocksDB {rocksdb / MiB} MiB, "
                                f"graph {graph / MiB} MiB")
        self.assertGreaterEqual(request, rocksdb + graph)

    def test_termination_grace_above_shutdown_grace(self):
        _, config = self.config()
        self.assertGreaterEqual(self.pod["terminationGracePeriodSeconds"],
                                config["shutdown-grace"] + 10)

    def test_services(self):
        services = {s["metadata"]["name"]: s for s in self.of_kind("Service")}
        labels = self.statefulset["spec"]["template"]["metadata"]["labels"]
        headless = [s for s in services.values()
                    if s["spec"].get("clusterIP") == "None"]
        cluster_ip = [s for s in services.values()
                      if s["spec"].get("clusterIP") != "None"
                      and s["spec"].get("type", "ClusterIP") == "ClusterIP"]
        self.assertEqual(len(headless), 1)
        self.assertEqual(len(cluster_ip), 1)
        self.assertEqual(self.statefulset["spec"]["serviceName"],
                         headless[0]["metadata"]["name"])
        container_ports = {p["name"]: p["containerPort"]
                           for p in self.container["ports"]}
        for service in headless + cluster_ip:
            with self.subTest(service=service["metadata"]["name"]):
                for key, value in service["spec"]["selector"].items():
                    self.assertEqual(labels.get(key), value)
                ports = service["spec"]["ports"]
                self.assertEqual([p["port"] for p in ports], [GRPC_PORT])
                target = ports[0]["targetPort"]
                self.assertEqual(container_ports.get(target, target), GRPC_PORT)


if __name__ == "__main__":
    lib.main()
