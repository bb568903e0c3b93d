/** The objects that reference each other in the blocked-delete tests, in memory and against the simulator. */
export const PROXY = { id: "px", name: "Proxy", url: "http://proxy.example.com:3128" };
export const OUTPUT = {
  id: "out",
  name: "Out",
  type: "elasticsearch",
  hosts: ["https://es.example.com:9200"],
  proxy_id: "px",
};
export const SOURCE = { id: "ds", name: "Mirror", host: "https://mirror.example.com/", proxy_id: "px" };
export const HOST = { id: "fsh", name: "FS", host_urls: ["https://fleet.example.com:8220"], proxy_id: "px" };
export const POLICY = {
  id: "ap",
  name: "AP",
  namespace: "default",
  data_output_id: "out",
  download_source_id: "ds",
  fleet_server_host_id: "fsh",
};
export const INTEGRATION = {
  id: "ip",
  name: "ip",
  policy_ids: ["ap"],
  output_id: "out",
  package: { name: "nginx", version: "1.5.0" },
};

export const without = <T extends Record<string, unknown>>(object: T, field: string) => {
  const { [field]: _dropped, ...rest } = object;
  return rest;
};
