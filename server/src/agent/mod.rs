//! The agents that answer: the built-in demo agent, or any OpenAI-compatible endpoint. Either
//! produces the reply as a channel of text deltas.

pub mod demo;
pub mod openai;

use crate::models::{FileInfo, Message};
use std::time::Duration;
use tokio::sync::mpsc;

/// A piece of a reply, or the reason it failed.
pub type Delta = Result<String, String>;

/// Which agent answers, and how.
#[derive(Clone)]
pub enum Agent {
    /// The deterministic demo agent, with the delay between words.
    Demo {
        /// Delay between words.
        pace: Duration,
    },
    /// An OpenAI-compatible chat-completions endpoint.
    OpenAi(openai::OpenAi),
}

impl Agent {
    /// Starts a reply to the conversation `history` (its last message is the visitor's) and
    /// returns its deltas. `pace` overrides the demo pace (slow-delta fault).
    pub fn reply(&self, history: Vec<Message>, files: Vec<FileInfo>, pace: Option<Duration>) -> mpsc::Receiver<Delta> {
        let (tx, rx) = mpsc::channel(64);
        match self {
            Agent::Demo { pace: default } => {
                let last = history.last().map(Message::text).unwrap_or_default();
                let mut text = demo::reply_text(&last, &files);
                let mut pace = pace.unwrap_or(*default);
                if last.trim() == "/slow" {
                    pace = pace.max(Duration::from_millis(40)) * 5;
                    text = demo::reply_text("/slow", &files);
                }
                tokio::spawn(demo::stream_words(text, pace, tx));
            }
            Agent::OpenAi(client) => {
                let client = client.clone();
                tokio::spawn(async move { client.stream(history, tx).await });
            }
        }
        rx
    }
}
