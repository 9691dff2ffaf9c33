//! Browser tests of the widget's components, run by wasm-bindgen-test in headless Chromium.
//! One file per group: each file starts its own browser, which costs seconds.
#![cfg(target_arch = "wasm32")]

use leptos::mount::mount_to;
use leptos::prelude::*;
use quintus_chat_widget::components::{Launcher, Widget};
use quintus_chat_widget::config::{Lang, WidgetConfig};
use quintus_chat_widget::i18n;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh, attached element to mount into.
fn fresh_container() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let el = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

fn config(pairs: &[(&str, &str)]) -> WidgetConfig {
    let pairs: Vec<(String, String)> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    WidgetConfig::read(|k| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone())).unwrap().0
}

/// The whole widget, wired as the embed wires it (no network is touched until a send), mounted
/// with Leptos into `container`; unmounted (effects and listeners ended) when dropped.
fn mount_widget(container: &HtmlElement, cfg: WidgetConfig, lang: Lang) -> impl Drop {
    mount_to(container.clone(), move || {
        let (store, actions) = quintus_chat_widget::embed::wiring::start(&cfg, lang);
        view! { <Widget store actions config=cfg lang /> }
    })
}

async fn next_tick() {
    leptos::task::tick().await;
}

#[wasm_bindgen_test]
async fn launcher_toggles_its_name_and_expanded_state() {
    let container = fresh_container();
    let open = RwSignal::new(false);
    let _handle = mount_to(container.clone(), move || {
        view! { <Launcher open unread=Signal::stored(0) strings=i18n::strings(Lang::En) /> }
    });
    let button: HtmlElement = container.query_selector("button").unwrap().unwrap().unchecked_into();
    assert_eq!(button.get_attribute("aria-label").as_deref(), Some("Open chat"));
    assert_eq!(button.get_attribute("aria-expanded").as_deref(), Some("false"));
    assert_eq!(button.get_attribute("part").as_deref(), Some("launcher"));

    button.click();
    next_tick().await;
    assert!(open.get_untracked());
    assert_eq!(button.get_attribute("aria-label").as_deref(), Some("Close chat"));
    assert_eq!(button.get_attribute("aria-expanded").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn widget_opens_a_named_dialog_and_closes_it() {
    let container = fresh_container();
    let cfg = config(&[("agent-id", "a"), ("api-key", "k"), ("title", "Suporte"), ("lang", "pt-BR")]);
    let _handle = mount_widget(&container, cfg, Lang::PtBr);
    assert!(container.query_selector("[role=dialog]").unwrap().is_none(), "closed at start");

    let launcher: HtmlElement = container.query_selector("[part=launcher]").unwrap().unwrap().unchecked_into();
    assert_eq!(launcher.get_attribute("aria-label").as_deref(), Some("Abrir chat"));
    launcher.click();
    next_tick().await;

    let dialog = container.query_selector("[role=dialog]").unwrap().expect("dialog after open");
    let title_id = dialog.get_attribute("aria-labelledby").unwrap();
    let title = container.query_selector(&format!("#{title_id}")).unwrap().unwrap();
    assert_eq!(title.text_content().as_deref(), Some("Suporte"));
    assert!(container.query_selector("[role=log]").unwrap().is_some());

    let close: HtmlElement = dialog.query_selector("[part=close]").unwrap().unwrap().unchecked_into();
    assert_eq!(close.get_attribute("aria-label").as_deref(), Some("Fechar"));
    close.click();
    next_tick().await;
    assert!(container.query_selector("[role=dialog]").unwrap().is_none());
    assert_eq!(launcher.get_attribute("aria-expanded").as_deref(), Some("false"));
}

#[wasm_bindgen_test]
async fn data_open_starts_open() {
    let container = fresh_container();
    let cfg = config(&[("agent-id", "a"), ("api-key", "k"), ("open", "true")]);
    let _handle = mount_widget(&container, cfg, Lang::En);
    assert!(container.query_selector("[role=dialog]").unwrap().is_some());
    let title = container.query_selector(".qc-title").unwrap().unwrap();
    assert_eq!(title.text_content().as_deref(), Some("Chat with us"));
}

mod streaming {
    use super::*;
    use quintus_chat_widget::components::MessageList;
    use quintus_chat_widget::store::rows::{Author, Row, RowState};
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    use web_sys::{MutationObserver, MutationObserverInit, MutationRecord};

    /// Records every DOM mutation under `target`.
    fn observe(target: &web_sys::Node) -> (MutationObserver, Rc<RefCell<Vec<(String, String)>>>, Closure<dyn FnMut(js_sys::Array)>) {
        let seen = Rc::new(RefCell::new(Vec::new()));
        let sink = seen.clone();
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |records: js_sys::Array| {
            for r in records.iter() {
                let r: MutationRecord = r.unchecked_into();
                let where_ = r.target().and_then(|t| t.parent_element()).map(|p| p.class_name()).unwrap_or_default();
                sink.borrow_mut().push((r.type_(), where_));
            }
        });
        let observer = MutationObserver::new(callback.as_ref().unchecked_ref()).unwrap();
        let init = MutationObserverInit::new();
        init.set_child_list(true);
        init.set_subtree(true);
        init.set_character_data(true);
        init.set_attributes(true);
        observer.observe_with_options(target, &init).unwrap();
        (observer, seen, callback)
    }

    async fn flush_observer(observer: &MutationObserver, seen: &Rc<RefCell<Vec<(String, String)>>>) -> Vec<(String, String)> {
        next_tick().await;
        for r in observer.take_records().iter() {
            let r: MutationRecord = r.unchecked_into();
            let where_ = r.target().and_then(|t| t.parent_element()).map(|p| p.class_name()).unwrap_or_default();
            seen.borrow_mut().push((r.type_(), where_));
        }
        std::mem::take(&mut *seen.borrow_mut())
    }

    /// Mounts a message list of `rows` (no greeting, no older pages) into `container`; the list
    /// stays until the returned handle is dropped.
    fn mount_list(container: &HtmlElement, rows: RwSignal<Vec<Row>>) -> impl Sized {
        mount_to(container.clone(), move || {
            view! {
                <MessageList
                    rows
                    greeting=None
                    has_older=Signal::stored(false)
                    on_load_older=|_| {}
                    on_retry=|_| {}
                    strings=i18n::strings(Lang::En)
                />
            }
        })
    }

    #[wasm_bindgen_test]
    async fn each_delta_is_one_text_update_in_one_row() {
        let container = fresh_container();
        let done = Row::new("u1", Author::User, "Question?".into(), RowState::Sent);
        let earlier = Row::new("a0", Author::Assistant, "An **earlier** reply".into(), RowState::Sent);
        let streaming = Row::new("a1", Author::Assistant, "Str".into(), RowState::Streaming);
        let text = streaming.text.clone();
        let rows = RwSignal::new(vec![done, earlier, streaming.clone()]);
        let _handle = mount_list(&container, rows);
        next_tick().await;
        let (observer, seen, _keep) = observe(&container);
        let deltas = ["eam", "ing ", "to", "ke", "ns"];
        for delta in deltas {
            text.update(|t| t.push_str(delta));
            let mutations = flush_observer(&observer, &seen).await;
            assert_eq!(mutations, vec![("characterData".to_string(), "qc-stream".to_string())], "delta {delta:?}");
        }
        let stream_el = container.query_selector(".qc-stream").unwrap().unwrap();
        assert_eq!(stream_el.text_content().as_deref(), Some("Streaming tokens"));

        // Completion swaps in markdown once: only that row changes.
        text.set("Streaming **tokens**".into());
        streaming.state.set(RowState::Sent);
        next_tick().await;
        let strong = container.query_selector("[part~=assistant]:last-child .qc-md strong").unwrap();
        assert_eq!(strong.and_then(|s| s.text_content()).as_deref(), Some("tokens"));
        assert_eq!(container.query_selector_all("[part~=message]").unwrap().length(), 3);
        // The streamed text leaves with the streaming state: the reply is shown once.
        assert!(container.query_selector(".qc-stream").unwrap().is_none(), "streamed text left behind");
        let bubble = container.query_selector("[part~=assistant]:last-child .qc-bubble").unwrap().unwrap();
        assert_eq!(bubble.text_content().as_deref(), Some("Streaming tokens"));
        observer.disconnect();
    }

    /// The text of each streamed block, in order.
    fn blocks(container: &HtmlElement) -> Vec<String> {
        let list = container.query_selector_all(".qc-stream").unwrap();
        (0..list.length()).filter_map(|i| list.item(i)).map(|n| n.text_content().unwrap_or_default()).collect()
    }

    #[wasm_bindgen_test]
    async fn a_paragraph_break_starts_a_new_block_and_only_the_last_one_grows() {
        let container = fresh_container();
        let streaming = Row::new("a1", Author::Assistant, "One".into(), RowState::Streaming);
        let text = streaming.text.clone();
        let rows = RwSignal::new(vec![streaming]);
        let _handle = mount_list(&container, rows);
        next_tick().await;
        for delta in [" first", "\n\nTwo", " second\n", "\nThree", "\n\n\nFour"] {
            text.update(|t| t.push_str(delta));
            next_tick().await;
        }
        // A break split across two updates ("\n" then "\n") does not split: only speed is lost.
        assert_eq!(blocks(&container), ["One first\n\n", "Two second\n\nThree\n\n", "\nFour"]);
        assert_eq!(blocks(&container).concat(), text.get_untracked(), "the text shown is the text, in order");
        // A reply replaced rather than extended is shown again from the start.
        text.set("Other".into());
        next_tick().await;
        assert_eq!(blocks(&container), ["Other"]);
    }
}

mod older_pages {
    use super::*;
    use quintus_chat_widget::components::MessageList;
    use quintus_chat_widget::store::rows::{Author, Row, RowState};
    use std::cell::Cell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    use web_sys::{MutationObserver, MutationObserverInit, MutationRecord};

    /// Rows `r{from}`..`r{to}`, alternating visitor and assistant.
    fn rows(from: usize, to: usize) -> Vec<Row> {
        (from..to)
            .map(|i| {
                let author = if i % 2 == 0 { Author::User } else { Author::Assistant };
                Row::new(format!("r{i}"), author, format!("Message {i}"), RowState::Sent)
            })
            .collect()
    }

    /// Resolves once the next animation frame is rendered (its layout and resize observers
    /// done): a timer set in the frame's callback runs after them.
    async fn frame() {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let after = Closure::once_into_js(move || {
                let _ = web_sys::window().unwrap().set_timeout_with_callback(resolve.unchecked_ref());
            });
            web_sys::window().unwrap().request_animation_frame(after.unchecked_ref()).unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    }

    /// A list 200px high whose rows are 40px (the widget's CSS is not loaded here), holding
    /// `initial`; `on_load_older` puts `older` before them.
    fn mount(container: &HtmlElement, list: RwSignal<Vec<Row>>, older: Vec<Row>) -> impl Sized {
        container.set_inner_html("<style>.qc-log { height: 200px; overflow-y: auto } .qc-msg { min-height: 40px }</style>");
        let older = StoredValue::new(older);
        mount_to(container.clone(), move || {
            view! {
                <MessageList
                    rows=list
                    greeting=None
                    has_older=Signal::derive(move || older.with_value(|o| !o.is_empty()))
                    on_load_older=move |_| {
                        let mut page = older.try_update_value(std::mem::take).unwrap_or_default();
                        list.update(|r| {
                            page.append(r);
                            *r = page;
                        });
                    }
                    on_retry=|_| {}
                    strings=i18n::strings(Lang::En)
                />
            }
        })
    }

    fn log(container: &HtmlElement) -> HtmlElement {
        container.query_selector("[role=log]").unwrap().unwrap().unchecked_into()
    }

    /// The row keys shown, by their text, in order.
    fn shown(container: &HtmlElement) -> Vec<String> {
        let list = container.query_selector_all("[part~=message]").unwrap();
        (0..list.length()).filter_map(|i| list.item(i)).map(|n| n.text_content().unwrap_or_default()).collect()
    }

    /// Where `text`'s row is, from the top of the list's viewport (px).
    fn offset_of(container: &HtmlElement, text: &str) -> i32 {
        let list = container.query_selector_all("[part~=message]").unwrap();
        let row: HtmlElement = (0..list.length())
            .filter_map(|i| list.item(i))
            .find(|n| n.text_content().as_deref() == Some(text))
            .unwrap()
            .unchecked_into();
        let log = log(container);
        row.offset_top() - log.offset_top() - log.scroll_top()
    }

    #[wasm_bindgen_test]
    async fn an_older_page_is_revealed_row_by_row_above_what_the_visitor_reads() {
        let container = fresh_container();
        let list = RwSignal::new(rows(30, 40));
        let _handle = mount(&container, list, rows(18, 30));
        for _ in 0..3 {
            frame().await;
        }
        let log = log(&container);
        assert!(log.scroll_top() > 0, "the list starts at the bottom");
        // Rows taken out of the DOM and put back (a move) would be restyled and laid out again.
        let removed = Rc::new(Cell::new(0u32));
        let sink = removed.clone();
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |records: js_sys::Array| {
            for r in records.iter() {
                sink.set(sink.get() + r.unchecked_into::<MutationRecord>().removed_nodes().length());
            }
        });
        let observer = MutationObserver::new(callback.as_ref().unchecked_ref()).unwrap();
        let init = MutationObserverInit::new();
        init.set_child_list(true);
        observer.observe_with_options(&log.first_element_child().unwrap(), &init).unwrap();

        log.set_scroll_top(0);
        log.dispatch_event(&web_sys::Event::new("scroll").unwrap()).unwrap();
        let reading = offset_of(&container, "Message 30");
        next_tick().await;
        assert_eq!(shown(&container).len(), 10, "the page waits for the next frames");
        let mut frames = 0;
        while shown(&container).len() < 22 && frames < 60 {
            frame().await;
            frames += 1;
            // At every step the row the visitor read stays where it was.
            assert_eq!(offset_of(&container, "Message 30"), reading, "after {frames} frames");
        }
        assert_eq!(frames, 12, "one row per frame");
        let expected: Vec<String> = (18..40).map(|i| format!("Message {i}")).collect();
        assert_eq!(shown(&container), expected);
        for r in observer.take_records().iter() {
            removed.set(removed.get() + r.unchecked_into::<MutationRecord>().removed_nodes().length());
        }
        assert_eq!(removed.get(), 0, "no row was moved in the DOM");
        observer.disconnect();
    }

    #[wasm_bindgen_test]
    async fn new_rows_are_followed_at_the_bottom_and_announced_by_the_pill_above_it() {
        let container = fresh_container();
        let list = RwSignal::new(rows(0, 10));
        let _handle = mount(&container, list, Vec::new());
        frame().await;
        frame().await;
        let log = log(&container);
        let at_bottom = |log: &HtmlElement| log.scroll_height() - log.scroll_top() - log.client_height() <= 1;
        assert!(at_bottom(&log));
        list.update(|r| r.extend(rows(10, 12)));
        frame().await;
        frame().await;
        assert!(at_bottom(&log), "followed");
        assert!(container.query_selector("[part=new-messages]").unwrap().is_none());

        log.set_scroll_top(0);
        log.dispatch_event(&web_sys::Event::new("scroll").unwrap()).unwrap();
        // A reply (the visitor's own message would bring the list down).
        list.update(|r| r.extend(rows(13, 14)));
        frame().await;
        frame().await;
        assert_eq!(log.scroll_top(), 0, "a visitor reading above is not moved");
        assert!(container.query_selector("[part=new-messages]").unwrap().is_some(), "the pill shows");
    }
}

mod composer {
    use super::*;
    use quintus_chat_widget::components::Composer;
    use std::cell::RefCell;
    use std::rc::Rc;
    use web_sys::{HtmlButtonElement, HtmlTextAreaElement, KeyboardEvent, KeyboardEventInit};

    fn press_enter(el: &HtmlTextAreaElement, shift: bool) -> bool {
        let init = KeyboardEventInit::new();
        init.set_key("Enter");
        init.set_shift_key(shift);
        init.set_bubbles(true);
        init.set_cancelable(true);
        let ev = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        el.dispatch_event(&ev).unwrap()
    }

    fn type_text(el: &HtmlTextAreaElement, text: &str) {
        el.set_value(text);
        let ev = web_sys::InputEvent::new("input").unwrap();
        el.dispatch_event(&ev).unwrap();
    }

    #[wasm_bindgen_test]
    async fn enter_sends_shift_enter_does_not_and_empty_cannot_send() {
        let container = fresh_container();
        let draft = RwSignal::new(String::new());
        let streaming = RwSignal::new(false);
        let sent = Rc::new(RefCell::new(Vec::<String>::new()));
        let sink = send_wrapper::SendWrapper::new(sent.clone());
        let stops = RwSignal::new(0);
        // The handle keeps the composer's owner alive for the whole test.
        let _handle = mount_to(container.clone(), move || {
            view! {
                <Composer
                    draft
                    streaming
                    enabled=Signal::stored(true)
                    on_send=move |text: String| sink.borrow_mut().push(text)
                    on_stop=move |_| stops.update(|n| *n += 1)
                    has_files=Signal::stored(false)
                    files_blocking=Signal::stored(false)
                    on_files={|_: Vec<web_sys::File>| {}}
                    strings=i18n::strings(Lang::En)
                />
            }
        });
        let textarea: HtmlTextAreaElement = container.query_selector("textarea").unwrap().unwrap().unchecked_into();
        assert_eq!(textarea.get_attribute("aria-label").as_deref(), Some("Message"));
        let send: HtmlButtonElement = container.query_selector("[part=send]").unwrap().unwrap().unchecked_into();
        assert!(send.disabled(), "empty: Send disabled");
        assert!(!press_enter(&textarea, false), "Enter is handled even when empty");
        type_text(&textarea, "   \n ");
        next_tick().await;
        assert!(send.disabled(), "whitespace only: Send disabled");
        assert!(sent.borrow().is_empty());

        type_text(&textarea, "line one");
        next_tick().await;
        assert!(!send.disabled());
        assert!(press_enter(&textarea, true), "Shift+Enter is left to the textarea (new line)");
        assert!(sent.borrow().is_empty());
        assert!(!press_enter(&textarea, false), "Enter is taken");
        assert_eq!(*sent.borrow(), ["line one"]);
        // The composer never clears the draft itself: the store does, once the text is safe.
        assert_eq!(draft.get_untracked(), "line one");
        // And when the store clears (or restores) the draft, the textarea follows.
        draft.set(String::new());
        next_tick().await;
        assert_eq!(textarea.value(), "");
        draft.set("line one".into());
        next_tick().await;
        assert_eq!(textarea.value(), "line one");

        // While a reply streams, Stop replaces Send.
        streaming.set(true);
        next_tick().await;
        assert!(container.query_selector("[part=send]").unwrap().is_none());
        let stop: web_sys::HtmlElement = container.query_selector("[part=stop]").unwrap().unwrap().unchecked_into();
        assert_eq!(stop.get_attribute("aria-label").as_deref(), Some("Stop"));
        stop.click();
        assert_eq!(stops.get_untracked(), 1);
        assert!(!press_enter(&textarea, false));
        assert_eq!(sent.borrow().len(), 1, "no send while streaming");
    }

    fn file(name: &str, mime: &str) -> web_sys::File {
        let parts = js_sys::Array::of1(&"hello".into());
        let options = web_sys::FilePropertyBag::new();
        options.set_type(mime);
        web_sys::File::new_with_str_sequence_and_options(&parts, name, &options).unwrap()
    }

    #[wasm_bindgen_test]
    async fn files_only_messages_send_uploads_block_and_pasted_files_attach() {
        let container = fresh_container();
        let draft = RwSignal::new(String::new());
        let has_files = RwSignal::new(false);
        let blocking = RwSignal::new(false);
        let sent = RwSignal::new(0);
        let pasted = Rc::new(RefCell::new(Vec::<String>::new()));
        let sink = send_wrapper::SendWrapper::new(pasted.clone());
        let _handle = mount_to(container.clone(), move || {
            view! {
                <Composer
                    draft
                    streaming=Signal::stored(false)
                    enabled=Signal::stored(true)
                    on_send=move |_: String| sent.update(|n| *n += 1)
                    on_stop=|_| {}
                    has_files
                    files_blocking=blocking
                    on_files={move |files: Vec<web_sys::File>| sink.borrow_mut().extend(files.iter().map(|f| f.name()))}
                    strings=i18n::strings(Lang::En)
                />
            }
        });
        let attach: HtmlButtonElement = container.query_selector("[part=attach]").unwrap().unwrap().unchecked_into();
        assert_eq!(attach.get_attribute("aria-label").as_deref(), Some("Attach file"));
        let input = container.query_selector("input[type=file]").unwrap().unwrap();
        assert!(input.get_attribute("accept").unwrap().contains("image/png"));
        let send: HtmlButtonElement = container.query_selector("[part=send]").unwrap().unwrap().unchecked_into();
        assert!(send.disabled());
        has_files.set(true);
        next_tick().await;
        assert!(!send.disabled(), "an uploaded file alone can be sent");
        blocking.set(true);
        next_tick().await;
        assert!(send.disabled(), "not while another file is still uploading or failed");
        let textarea: HtmlTextAreaElement = container.query_selector("textarea").unwrap().unwrap().unchecked_into();
        type_text(&textarea, "with text");
        next_tick().await;
        assert!(!press_enter(&textarea, false));
        assert_eq!(sent.get_untracked(), 0, "Enter does not send past a blocking upload");
        assert_eq!(draft.get_untracked(), "with text", "and the text stays");

        // Pasting a file attaches it; the paste's default (inserting text) is prevented.
        let transfer = web_sys::DataTransfer::new().unwrap();
        transfer.items().add_with_file(&file("shot.png", "image/png")).unwrap();
        let init = web_sys::ClipboardEventInit::new();
        init.set_clipboard_data(Some(&transfer));
        init.set_bubbles(true);
        init.set_cancelable(true);
        let paste = web_sys::ClipboardEvent::new_with_event_init_dict("paste", &init).unwrap();
        assert!(!textarea.dispatch_event(&paste).unwrap(), "file paste is taken");
        assert_eq!(*pasted.borrow(), ["shot.png"]);

        // Copied from a document: HTML and text, plus a picture of the selection. Text wins.
        let transfer = web_sys::DataTransfer::new().unwrap();
        transfer.set_data("text/html", "<p>quarterly numbers</p>").unwrap();
        transfer.set_data("text/plain", "quarterly numbers").unwrap();
        transfer.items().add_with_file(&file("image.png", "image/png")).unwrap();
        let init = web_sys::ClipboardEventInit::new();
        init.set_clipboard_data(Some(&transfer));
        init.set_bubbles(true);
        init.set_cancelable(true);
        let paste = web_sys::ClipboardEvent::new_with_event_init_dict("paste", &init).unwrap();
        assert!(textarea.dispatch_event(&paste).unwrap(), "a rich text paste is left to the textarea");
        assert_eq!(pasted.borrow().len(), 1, "and attaches nothing");
    }
}

mod markdown_dom {
    use super::*;
    use quintus_chat_widget::components::Markdown;

    fn all_elements(root: &web_sys::Element) -> Vec<web_sys::Element> {
        let list = root.query_selector_all("*").unwrap();
        (0..list.length()).filter_map(|i| list.item(i)).map(|n| n.unchecked_into()).collect()
    }

    #[wasm_bindgen_test]
    async fn hostile_markdown_yields_no_script_handlers_or_bad_links() {
        let hostile = "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n\
            [a](javascript:alert(1)) [b](JAVASCRIPT:alert(1)) [c]( java\tscript:alert(1)) \
            [d](data:text/html,x) [e](vbscript:x) <javascript:alert(1)> ![i](http://t/x.png)\n\n\
            <iframe src=x></iframe> <style>*{display:none}</style> <a href=\"javascript:alert(1)\" onclick=\"x()\">z</a>\n\n\
            [ok](https://quintus.tec.br) [mail](mailto:a@b.c)";
        let container = fresh_container();
        let _handle = mount_to(container.clone(), move || view! { <Markdown text=hostile.to_string() /> });
        next_tick().await;
        let root = container.query_selector(".qc-md").unwrap().unwrap();
        for el in all_elements(&root) {
            let tag = el.tag_name().to_lowercase();
            assert!(!["script", "iframe", "img", "object", "embed", "style"].contains(&tag.as_str()), "{tag}");
            let names = el.get_attribute_names();
            for name in names.iter().filter_map(|n| n.as_string()) {
                assert!(!name.to_lowercase().starts_with("on"), "{tag} has {name}");
            }
            if let Some(href) = el.get_attribute("href") {
                let lower = href.to_lowercase();
                assert!(lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:"), "{href}");
                assert_eq!(el.get_attribute("rel").as_deref(), Some("noopener noreferrer"));
            }
        }
        let text = root.text_content().unwrap_or_default();
        assert!(text.contains("<script>alert(1)</script>"), "raw HTML shows as text");
        let links = root.query_selector_all("a").unwrap().length();
        assert_eq!(links, 3, "the image link, https and mailto");
    }

    #[wasm_bindgen_test]
    async fn tables_code_and_links_render() {
        let md = "| a | b |\n|---|--:|\n| 1 | 2 |\n\n```\nlet x = 1;\n```\n\nSee [docs](https://quintus.tec.br).";
        let container = fresh_container();
        let _handle = mount_to(container.clone(), move || view! { <Markdown text=md.to_string() /> });
        next_tick().await;
        assert!(container.query_selector(".qc-table-wrap > table > thead > tr > th").unwrap().is_some());
        let td = container.query_selector("tbody td.qc-right").unwrap().unwrap();
        assert_eq!(td.text_content().as_deref(), Some("2"));
        let code = container.query_selector("pre > code").unwrap().unwrap();
        assert_eq!(code.text_content().as_deref(), Some("let x = 1;\n"));
        let a = container.query_selector("a").unwrap().unwrap();
        assert_eq!(a.get_attribute("href").as_deref(), Some("https://quintus.tec.br"));
        assert_eq!(a.get_attribute("target").as_deref(), Some("_blank"));
    }
}
