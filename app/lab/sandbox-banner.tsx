"use client";
// Said loudly on every page when the lab runs without its namespace sandbox.
import { useLab } from "@/app/runs/lab-connection";

export function SandboxBanner() {
  const { mode } = useLab();
  if (!mode || mode.isolation.isolated) return null;
  return (
    <p role="alert" style={{ margin: 0, padding: "0.5rem 1.25rem", background: "#fde8e8", borderBottom: "1px solid #e3a3a3" }}>
      <strong>Weak sandbox:</strong> {mode.warning} Programs run here are not isolated from each other or from the lab server.
    </p>
  );
}
