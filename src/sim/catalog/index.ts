/**
 * The simulator's built-in EPM catalog: real public Elastic integration packages, one module per
 * package version, each noting where its manifests were read.
 */
import type { PackageInfo } from "../../packages/types.js";
import { elastic_agent_1_20_0 } from "./elastic_agent-1.20.0.js";
import { fleet_server_1_1_1 } from "./fleet_server-1.1.1.js";
import { nginx_1_5_0 } from "./nginx-1.5.0.js";
import { nginx_3_2_2 } from "./nginx-3.2.2.js";
import { okta_2_12_0 } from "./okta-2.12.0.js";
import { system_1_60_0 } from "./system-1.60.0.js";
import { tcp_1_19_1 } from "./tcp-1.19.1.js";

export const catalog: PackageInfo[] = [
  nginx_1_5_0,
  nginx_3_2_2,
  system_1_60_0,
  fleet_server_1_1_1,
  elastic_agent_1_20_0,
  okta_2_12_0,
  tcp_1_19_1,
];
