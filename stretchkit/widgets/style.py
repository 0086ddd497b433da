"""The authoring app's look: one style sheet, every rule under `.sk-app`, so the app looks
like a tool (columns, cards, a toolbar) in JupyterLab and in Voila alike without restyling the
notebook around it. It is a constant: no user text ever goes into it."""

APP_CSS = """
.sk-app{--sk-accent:#0b6e6e;--sk-accent-soft:#e0f5f2;--sk-ink:#102a43;--sk-muted:#627d98;
  --sk-line:#d9e2ec;--sk-bg:#f4f7fa;font-family:system-ui,-apple-system,"Segoe UI",Roboto,
  sans-serif;color:var(--sk-ink);background:var(--sk-bg);border:1px solid var(--sk-line);
  border-radius:12px;padding:14px 16px 16px;box-sizing:border-box}
.sk-app .widget-html-content{font-family:inherit;line-height:1.45}
.sk-app .sk-top{align-items:center;gap:12px;flex-wrap:wrap;margin-bottom:6px}
.sk-app .sk-title .widget-html-content{font-size:19px;font-weight:700;color:var(--sk-ink);
  white-space:nowrap}
.sk-app .sk-title small{font-size:13px;font-weight:400;color:var(--sk-muted);margin-left:8px}
.sk-app .sk-toolbar{gap:6px;align-items:center;flex-wrap:wrap}
.sk-app .sk-toolbar .jupyter-button{border-radius:7px;height:32px;padding:0 14px;
  background:#fff;border:1px solid var(--sk-line);color:var(--sk-ink);font-weight:500;
  box-shadow:0 1px 1px rgba(16,42,67,.04);width:auto}
.sk-app .sk-toolbar .jupyter-button:hover:enabled{border-color:var(--sk-accent);
  color:var(--sk-accent)}
.sk-app .jupyter-button.sk-save,.sk-app .jupyter-button.sk-confirm-save,
.sk-app .jupyter-button.sk-save-copy,.sk-app .jupyter-button.sk-undo{
  background:var(--sk-accent);border-color:var(--sk-accent);color:#fff;font-weight:600}
.sk-app .jupyter-button.sk-save:hover:enabled{background:#095c5c;color:#fff}
.sk-app .jupyter-button.sk-delete:hover:enabled{border-color:#b42318;color:#b42318}
.sk-app .jupyter-button:disabled{opacity:.45}
.sk-app .sk-marker .widget-html-content{font-size:12.5px;font-weight:600;border-radius:999px;
  padding:3px 11px;white-space:nowrap}
.sk-app .sk-marker.sk-dirty .widget-html-content{background:#fff4e5;color:#b54708;
  border:1px solid #fedf89}
.sk-app .sk-marker.sk-clean .widget-html-content{background:#ecfdf3;color:#067647;
  border:1px solid #abefc6}
.sk-app .sk-marker.sk-new .widget-html-content{background:#eff8ff;color:#175cd3;
  border:1px solid #b2ddff}
.sk-app .sk-status .widget-html-content{font-size:13px;min-height:0}
.sk-app .sk-status.sk-ok .widget-html-content{color:#067647}
.sk-app .sk-status.sk-warn .widget-html-content{color:#b54708}
.sk-app .sk-banner{border-radius:8px;padding:8px 12px;margin:4px 0;align-items:center;
  gap:10px;flex-wrap:wrap;border:1px solid}
.sk-app .sk-banner .widget-html-content{font-size:13px}
.sk-app .sk-banner .jupyter-button{border-radius:6px;width:auto;padding:0 12px}
.sk-app .sk-banner-conflict,.sk-app .sk-banner-confirm{background:#fffaeb;border-color:#fedf89}
.sk-app .sk-banner-undo{background:#f0f9ff;border-color:#b9e6fe}
.sk-app .sk-banner-broken{background:#fef3f2;border-color:#fecdca}
.sk-app .sk-columns{gap:14px;align-items:flex-start;margin-top:8px}
.sk-app .sk-column{background:#fff;border:1px solid var(--sk-line);border-radius:10px;
  padding:10px 12px 12px;box-sizing:border-box;box-shadow:0 1px 2px rgba(16,42,67,.05)}
.sk-app .sk-browser{flex:0 0 280px;width:280px;gap:4px}
.sk-app .sk-form-column{flex:1 1 0;min-width:340px}
.sk-app .sk-preview-column{flex:1 1 0;min-width:320px}
.sk-app .sk-column-head .widget-html-content{margin-bottom:4px}
.sk-app .sk-column-title{font-size:12px;font-weight:700;letter-spacing:.08em;
  text-transform:uppercase;color:var(--sk-accent)}
.sk-app .sk-hint{color:var(--sk-muted);font-size:12px;font-weight:400}
.sk-app .sk-mini-label{font-size:11.5px;font-weight:600;color:var(--sk-muted)}
.sk-app .sk-filter-label .widget-html-content{height:auto;line-height:1.2;margin-top:4px}
.sk-app .sk-count .widget-html-content{font-size:12.5px;color:var(--sk-muted);margin:6px 0 2px}
.sk-app .sk-entry-list select{border-radius:8px;border:1px solid var(--sk-line);
  font-size:13px;padding:4px 0;min-height:320px}
.sk-app .sk-entry-list option{padding:5px 8px;border-radius:5px;margin:1px 4px}
.sk-app .sk-entry-list option:checked{background:var(--sk-accent-soft) linear-gradient(0deg,
  var(--sk-accent-soft),var(--sk-accent-soft));color:var(--sk-ink);font-weight:600}
.sk-app .sk-goal-match .widget-toggle-button{font-size:12px;height:26px;border-radius:6px;
  background:#f0f4f8;color:#334e68;box-shadow:none}
.sk-app .sk-goal-match .widget-toggle-button.mod-active{background:var(--sk-accent-soft);
  color:var(--sk-accent);font-weight:600;box-shadow:inset 0 0 0 1px #a6e0d8}
.sk-app .sk-field{margin:4px 0 8px}
.sk-app .sk-field-head .widget-html-content{line-height:1.3;margin-bottom:2px}
.sk-app .sk-field-title{font-size:12.5px;font-weight:650;color:#243b53}
.sk-app .sk-error .widget-html-content{color:#b42318;font-size:12.5px;line-height:1.35;
  background:#fef3f2;border-radius:6px;padding:3px 8px;margin-top:3px}
.sk-app .sk-invalid input,.sk-app .sk-invalid textarea{border-color:#f97066}
.sk-app input,.sk-app textarea,.sk-app select{border-radius:6px}
.sk-app .widget-text input,.sk-app .widget-textarea textarea{border:1px solid var(--sk-line);
  padding:5px 8px;font-size:13.5px;font-family:inherit}
.sk-app .widget-text input:focus,.sk-app .widget-textarea textarea:focus{
  border-color:var(--sk-accent);box-shadow:0 0 0 2px var(--sk-accent-soft);outline:none}
.sk-app .sk-name input{font-size:16px;font-weight:600;height:34px}
.sk-app .sk-rows textarea{field-sizing:content;min-height:2.3em;resize:vertical;
  line-height:1.4}
.sk-app .sk-row{align-items:flex-start;gap:4px;margin:2px 0}
.sk-app .sk-rows{counter-reset:sk-row}
.sk-app .sk-row::before{counter-increment:sk-row;content:counter(sk-row) ".";flex:0 0 22px;
  text-align:right;color:var(--sk-muted);font-size:12.5px;padding:6px 4px 0 0}
.sk-app .sk-icon.jupyter-button{background:transparent;border:1px solid transparent;
  color:var(--sk-muted);font-size:14px;border-radius:6px}
.sk-app .sk-icon.jupyter-button:hover{background:#f0f4f8;color:var(--sk-ink)}
.sk-app .sk-remove.jupyter-button:hover{color:#b42318}
.sk-app .sk-add.jupyter-button{background:transparent;border:1px dashed #bcccdc;
  color:var(--sk-accent);border-radius:6px;width:auto;margin:4px 0 0 26px;font-size:12.5px}
.sk-app .sk-add.jupyter-button:hover{background:var(--sk-accent-soft)}
.sk-app .sk-faq .sk-row,.sk-app .sk-cues .sk-row{border-bottom:1px solid #eef2f6;
  padding-bottom:4px}
.sk-app .sk-choice-row{gap:8px}
.sk-app .sk-choice-row>.sk-field{flex:1 1 0;min-width:0}
.sk-app .sk-dosage{gap:8px}
.sk-app .sk-status-chip{display:inline-block;border-radius:999px;padding:1px 10px;
  font-size:12px;font-weight:600;background:#f0f4f8;color:#334e68}
.sk-app .sk-status-published,.sk-app .sk-status-approved{background:#ecfdf3;color:#067647}
.sk-app .sk-status-in-review{background:#eff8ff;color:#175cd3}
.sk-app .sk-status-changes-requested{background:#fffaeb;color:#b54708}
.sk-app .sk-entry-facts .widget-html-content{font-size:12.5px;color:var(--sk-muted)}
.sk-app .sk-tabs.widget-tab>.lm-TabBar .lm-TabBar-tab{font-size:13px;font-weight:600;
  min-width:0;flex:0 1 auto;padding:0 14px}
.sk-app .sk-tabs.widget-tab>.lm-TabBar .lm-TabBar-tab.lm-mod-current{color:var(--sk-accent)}
.sk-app .sk-tabs.widget-tab>.lm-TabBar .lm-TabBar-tab.lm-mod-current::before{
  background:var(--sk-accent)}
.sk-app .sk-tabs>.widget-tab-contents,.sk-app .sk-tabs .lm-StackedPanel{border-radius:0 0 8px 8px;
  padding:10px 4px 4px;border-color:var(--sk-line)}
.sk-app .sk-paper{background:#fff;border-radius:8px;padding:6px 10px;max-height:78vh;
  overflow:auto}
.sk-app .jupyter-widget-tagsinput{border:1px solid var(--sk-line);border-radius:6px;
  min-height:32px;padding:2px 4px;background:#fff}
.sk-app .jupyter-widget-tag{border-radius:999px;font-size:12.5px}
.sk-app .sk-goals .jupyter-widget-tag:not(.jupyter-widget-taginput),
.sk-app .sk-goal-filter .jupyter-widget-tag:not(.jupyter-widget-taginput){
  background:var(--sk-accent-soft);color:var(--sk-accent)}
.sk-app .sk-guide .widget-html-content{font-size:12.5px;color:var(--sk-muted)}
"""
