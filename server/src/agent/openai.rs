//! An agent backed by any OpenAI-compatible `/chat/completions` endpoint with `stream: true`
//! (OpenAI, Ollama, vLLM, LM Studio, ...).

use crate::models::{Message, Role};
use futures_util::StreamExt;
use serde_json::{json, Value};
use tokio::sync::mpsc;

/// The endpoint and model.
#[derive(Clone)]
pub struct OpenAi {
    /// Base URL, e.g. `http://127.0.0.1:11434/v1`.
    pub base_url: String,
    /// Model name.
    pub model: String,
    /// Bearer key, if the endpoint needs one.
    pub key: Option<String>,
    /// HTTP client.
    pub http: reqwest::Client,
}

impl OpenAi {
    /// Streams the model's reply to `history` into `tx`.
    pub async fn stream(&self, history: Vec<Message>, tx: mpsc::Sender<super::Delta>) {
        if let Err(reason) = self.try_stream(history, &tx).await {
            let _ = tx.send(Err(reason)).await;
        }
    }

    async fn try_stream(&self, history: Vec<Message>, tx: &mpsc::Sender<super::Delta>) -> Result<(), String> {
        let messages: Vec<Value> = history
            .iter()
            .filter(|m| matches!(m.role, Role::User | Role::Assistant))
            .map(|m| json!({"role": m.role, "content": m.text()}))
            .collect();
        let url = format!("{}/chat/completions", self.base_url.trim_end_matches('/'));
        let mut request = self.http.post(&url).json(&json!({"model": self.model, "messages": messages, "stream": true}));
        if let Some(key) = &self.key {
            request = request.bearer_auth(key);
        }
        let response = request.send().await.map_err(|e| format!("LLM request failed: {e}"))?;
        if !response.status().is_success() {
            return Err(format!("LLM answered {}", response.status()));
        }
        let mut body = response.bytes_stream();
        let mut buffer = Vec::<u8>::new();
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(|e| format!("LLM stream broke: {e}"))?;
            buffer.extend_from_slice(&chunk);
            // Complete lines only: a chunk may end in the middle of one (or of a UTF-8 char).
            while let Some(end) = buffer.iter().position(|b| *b == b'\n') {
                let line: Vec<u8> = buffer.drain(..=end).collect();
                let line = String::from_utf8_lossy(&line);
                let Some(data) = line.trim().strip_prefix("data:") else { continue };
                let data = data.trim();
                if data == "[DONE]" {
                    return Ok(());
                }
                let Ok(value) = serde_json::from_str::<Value>(data) else { continue };
                if let Some(delta) = value.pointer("/choices/0/delta/content").and_then(Value::as_str) {
                    if !delta.is_empty() && tx.send(Ok(delta.to_string())).await.is_err() {
                        return Ok(());
                    }
                }
            }
        }
        Ok(())
    }
}
