/**
 * The Elastic Defend policy Kibana's Security Solution writes into a new `endpoint` package policy.
 * Sources (SECURITY = x-pack/solutions/security/plugins/security_solution):
 * - SECURITY/common/endpoint/models/policy_config.ts: policyFactory, the default for platinum and above;
 * - SECURITY/common/endpoint/models/policy_config_helpers.ts: disableProtections, removeDeviceControl;
 * - SECURITY/server/fleet_integration/handlers/create_default_policy.ts: the presets.
 *
 * The simulator runs as a Kibana with a trial licence (platinum features on), on-premises (not cloud,
 * not serverless), global telemetry off, and the `trustedDevices` experimental feature off, so device
 * control is removed as createDefaultPolicy removes it.
 */
import type { Obj } from "../store.js";

export const PRESETS = ["EDRComplete", "EDREssential", "NGAV", "DataCollection"] as const;

/** The cluster the simulated Kibana reports in `meta` (esClient.info() and the licence service). */
export const CLUSTER_META = {
  license: "trial",
  license_uuid: "6b2cfa70-2d54-4b3c-9d1e-5f6a7b8c9d0e",
  cluster_uuid: "kB2m5mSuQ0u0Gq3mYbZkXw",
  cluster_name: "fleetform-sim",
  cloud: false,
  serverless: false,
};

const popup = (enabled = true) => ({ message: "", enabled });
const protection = () => ({ mode: "prevent", supported: true });

/** policyFactory with the simulator's cluster meta. */
function policyFactory(): Obj {
  return {
    meta: { ...CLUSTER_META },
    global_manifest_version: "latest",
    global_telemetry_enabled: false,
    windows: {
      events: {
        credential_access: true,
        dll_and_driver_load: true,
        dns: true,
        file: true,
        network: true,
        process: true,
        registry: true,
        security: true,
      },
      device_control: { enabled: true, usb_storage: "deny_all" },
      malware: { mode: "prevent", blocklist: true, on_write_scan: true },
      ransomware: protection(),
      memory_protection: { ...protection(), custom_yara_signatures: true },
      behavior_protection: { mode: "prevent", reputation_service: false, supported: true },
      popup: {
        malware: popup(),
        ransomware: popup(),
        memory_protection: popup(),
        behavior_protection: popup(),
        device_control: popup(),
      },
      logging: { file: "info" },
      antivirus_registration: { mode: "sync", enabled: true },
      attack_surface_reduction: { credential_hardening: { enabled: true } },
    },
    mac: {
      events: { dns: true, process: true, file: true, network: true, security: true },
      malware: { mode: "prevent", blocklist: true, on_write_scan: true },
      ransomware: protection(),
      device_control: { enabled: true, usb_storage: "deny_all" },
      behavior_protection: { mode: "prevent", reputation_service: false, supported: true },
      memory_protection: { ...protection(), custom_yara_signatures: true },
      popup: {
        malware: popup(),
        ransomware: popup(),
        behavior_protection: popup(),
        memory_protection: popup(),
        device_control: popup(),
      },
      logging: { file: "info" },
      advanced: {
        capture_env_vars: "DYLD_INSERT_LIBRARIES,DYLD_FRAMEWORK_PATH,DYLD_LIBRARY_PATH,LD_PRELOAD",
      },
    },
    linux: {
      events: { dns: true, file: true, process: true, network: true, session_data: false, tty_io: false },
      malware: { mode: "prevent", blocklist: true, on_write_scan: true },
      behavior_protection: { mode: "prevent", reputation_service: false, supported: true },
      memory_protection: { ...protection(), custom_yara_signatures: true },
      popup: { malware: popup(), behavior_protection: popup(), memory_protection: popup() },
      logging: { file: "info" },
      advanced: { capture_env_vars: "LD_PRELOAD,LD_LIBRARY_PATH" },
    },
  };
}

const OSES = ["windows", "mac", "linux"] as const;

/** disableProtections: every protection off, its popup off, device control to audit. */
function disableProtections(policy: Obj): Obj {
  const out = structuredClone(policy);
  for (const os of OSES) {
    const p = out[os];
    p.behavior_protection.mode = "off";
    p.memory_protection.mode = "off";
    if (p.memory_protection.custom_yara_signatures !== undefined)
      p.memory_protection.custom_yara_signatures = false;
    Object.assign(p.malware, { blocklist: false, on_write_scan: false, mode: "off" });
    for (const name of ["behavior_protection", "malware", "memory_protection"]) p.popup[name].enabled = false;
  }
  for (const os of ["windows", "mac"] as const) {
    const p = out[os];
    p.ransomware.mode = "off";
    p.popup.ransomware.enabled = false;
    p.device_control = { ...p.device_control, enabled: false, usb_storage: "audit" };
    p.popup.device_control = { ...p.popup.device_control, enabled: false };
  }
  out.windows.antivirus_registration = {
    ...out.windows.antivirus_registration,
    mode: "disabled",
    enabled: false,
  };
  out.windows.attack_surface_reduction = { credential_hardening: { enabled: false } };
  return out;
}

/** removeDeviceControl: the trustedDevices experimental feature is off. */
function removeDeviceControl(policy: Obj): Obj {
  const out = structuredClone(policy);
  for (const os of ["windows", "mac"] as const) {
    delete out[os].device_control;
    delete out[os].popup.device_control;
  }
  return out;
}

/** getEndpointPolicyWithIntegrationConfig: the preset's events and protections (none: data collection). */
function withPreset(policy: Obj, preset: string | undefined): Obj {
  if (preset === "EDRComplete") return policy;
  if (preset === "NGAV" || preset === "EDREssential") {
    const essential = preset === "EDREssential";
    const events = { process: true, file: essential, network: essential };
    const out = structuredClone(policy);
    for (const os of OSES) {
      out[os].events = {
        ...Object.fromEntries(Object.keys(out[os].events).map((k) => [k, false])),
        ...events,
      };
    }
    return out;
  }
  return disableProtections(policy);
}

/** createDefaultPolicy for an endpoint integration config (`{type: "endpoint", endpointConfig: {preset}}`). */
export function defaultPolicy(preset: string | undefined): Obj {
  const policy = removeDeviceControl(withPreset(policyFactory(), preset));
  policy.meta.billable = false; // isBillablePolicy: only serverless policies are billed
  return policy;
}

/** updateAntivirusRegistrationEnabled: `enabled` follows `mode` (and malware prevention when `sync`). */
export function updateAntivirusRegistrationEnabled(policy: Obj): void {
  const registration = policy.windows?.antivirus_registration;
  if (!registration?.mode) return;
  const enabled: Record<string, boolean> = {
    enabled: true,
    disabled: false,
    sync: policy.windows?.malware?.mode === "prevent",
  };
  registration.enabled = enabled[registration.mode] ?? false;
}
