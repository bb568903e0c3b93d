/**
 * elastic_agent 1.20.0 (the agent's own monitoring data). Read from elastic/integrations
 * packages/elastic_agent/manifest.yml (005715c29b195c637982a3361f14cdeea0ac418b) and the data stream
 * manifests under packages/elastic_agent/data_stream/ (elastic_agent_logs, elastic_agent_metrics,
 * filebeat_logs, filebeat_metrics, metricbeat_logs, metricbeat_metrics, fleet_server_logs,
 * fleet_server_metrics). It has no policy templates and its data streams have no streams: the agent
 * writes them itself when monitoring is on. Only these eight of its data streams are listed here.
 */
import type { PackageDataStream, PackageInfo } from "../../packages/types.js";

const ds = (type: string, path: string, dataset: string): PackageDataStream => ({
  type,
  dataset,
  title: "Elastic Agent",
  path,
  package: "elastic_agent",
  streams: [],
});

export const elastic_agent_1_20_0: PackageInfo = {
  name: "elastic_agent",
  title: "Elastic Agent",
  version: "1.20.0",
  description: "Collect logs and metrics from Elastic Agents.",
  type: "integration",
  format_version: "3.1.4",
  categories: ["elastic_stack"],
  conditions: { kibana: { version: "^8.14.1" } },
  owner: { github: "elastic/elastic-agent" },
  policy_templates: [],
  data_streams: [
    ds("logs", "elastic_agent_logs", "elastic_agent"),
    ds("metrics", "elastic_agent_metrics", "elastic_agent.elastic_agent"),
    ds("logs", "filebeat_logs", "elastic_agent.filebeat"),
    ds("metrics", "filebeat_metrics", "elastic_agent.filebeat"),
    ds("logs", "metricbeat_logs", "elastic_agent.metricbeat"),
    ds("metrics", "metricbeat_metrics", "elastic_agent.metricbeat"),
    ds("logs", "fleet_server_logs", "elastic_agent.fleet_server"),
    ds("metrics", "fleet_server_metrics", "elastic_agent.fleet_server"),
  ],
};
