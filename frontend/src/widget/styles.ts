/** The widget's CSS, inside its shadow root: the host page's rules do not reach in, nor ours out. */
export const CSS = `
:host{all:initial;position:fixed;right:20px;bottom:20px;z-index:2147483000;font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1f1f1f}
*{box-sizing:border-box;font:inherit}
[hidden]{display:none!important}
button{cursor:pointer;border:0;border-radius:6px;padding:8px 14px;background:#1677ff;color:#fff}
button:disabled{opacity:.55;cursor:default}
button.link{background:none;color:#1677ff;padding:4px 6px}
button.ghost{background:#fff;color:#1f1f1f;border:1px solid #d9d9d9}
:focus-visible{outline:2px solid #4096ff;outline-offset:2px}
.launcher{width:56px;height:56px;border-radius:50%;padding:0;box-shadow:0 6px 16px rgba(0,0,0,.2);display:flex;align-items:center;justify-content:center;position:relative}
.launcher svg{width:28px;height:28px;fill:#fff}
svg{width:16px;height:16px;fill:currentColor;flex:none}
button.ghost{padding:6px 9px;display:inline-flex}
.badge{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;border-radius:10px;background:#ff4d4f;color:#fff;font-size:12px;line-height:20px;text-align:center;padding:0 5px}
.panel{position:absolute;right:0;bottom:0;width:370px;height:580px;max-height:calc(100vh - 40px);background:#fff;border-radius:12px;box-shadow:0 12px 32px rgba(0,0,0,.22);display:flex;flex-direction:column;overflow:hidden}
@media (max-width:480px){.panel{position:fixed;inset:0;width:auto;height:auto;max-height:none;border-radius:0}}
.head{background:#1677ff;color:#fff;padding:12px 14px;display:flex;align-items:flex-start;gap:8px}
.head .titles{flex:1;min-width:0}
.head h2{margin:0;font-size:16px;font-weight:600}
.head .sub{font-size:12px;opacity:.92}
.head .sub strong{font-weight:600}
.head button{background:none;padding:2px 6px;font-size:20px;line-height:1}
.status{font-size:12px;opacity:.92}
.status[data-state=reconnecting],.status[data-state=closed]{color:#ffe58f}
.body{flex:1;display:flex;flex-direction:column;min-height:0;overflow:auto}
.pad{padding:16px}
.center{text-align:center;padding:32px 16px;color:#595959}
.intro{margin:0 0 12px;color:#595959}
.notice{margin:0 0 12px;padding:8px 10px;background:#fffbe6;border:1px solid #ffe58f;border-radius:6px}
.field{display:block;margin-bottom:12px}
.field>span{display:block;margin-bottom:4px;font-weight:500}
.field>span i{color:#ff4d4f;font-style:normal;margin-left:2px}
input,textarea{width:100%;border:1px solid #d9d9d9;border-radius:6px;padding:7px 10px;background:#fff;color:#1f1f1f}
input[aria-invalid=true],textarea[aria-invalid=true]{border-color:#ff4d4f}
textarea{resize:none}
.hint{font-size:12px;color:#8c8c8c}
.err{font-size:12px;color:#ff4d4f}
.alert{margin:8px 12px 0;padding:6px 10px;border-radius:6px;background:#fff2f0;border:1px solid #ffccc7;color:#a8071a;font-size:13px}
.wide{width:100%}
.done{padding:32px 20px;text-align:center}
.done strong{display:block;font-size:18px;margin-bottom:8px}
.ref{font-family:ui-monospace,Menlo,Consolas,monospace;background:#f5f5f5;padding:2px 6px;border-radius:4px}
.log{flex:1;overflow:auto;padding:12px;background:#f7f8fa;display:flex;flex-direction:column;gap:8px}
.msg{max-width:80%;display:flex;flex-direction:column}
.msg .who{font-size:12px;color:#8c8c8c;margin-bottom:2px}
.msg .bubble{padding:8px 11px;border-radius:10px;white-space:pre-wrap;word-break:break-word;background:#fff;border:1px solid #eee}
.msg .meta{font-size:11px;color:#8c8c8c;margin-top:2px}
.msg.visitor{align-self:flex-end;align-items:flex-end}
.msg.visitor .bubble{background:#1677ff;color:#fff;border-color:#1677ff}
.msg.agent{align-self:flex-start}
.msg.system{align-self:center;max-width:90%}
.msg.system .bubble{background:none;border:0;color:#8c8c8c;font-size:12px;text-align:center;padding:2px}
.msg.pending .bubble{opacity:.6}
.msg.failed .bubble{background:#fff2f0;color:#a8071a;border-color:#ffccc7}
.file{display:flex;flex-direction:column;align-items:flex-start;gap:4px;color:inherit;background:none;padding:0;text-align:left;text-decoration:underline}
.file img{max-width:200px;max-height:160px;min-width:24px;min-height:24px;object-fit:contain;border-radius:6px;display:block;background:#fff}
.typing{font-size:12px;color:#8c8c8c;padding:2px 14px;min-height:20px}
.wait{padding:8px 14px;background:#e6f4ff;color:#0958d9;font-size:13px}
.composer{border-top:1px solid #f0f0f0;padding:8px 10px;display:flex;flex-direction:column;gap:6px}
.composer textarea{min-height:40px;max-height:120px}
.row{display:flex;align-items:center;gap:6px}
.row .grow{flex:1}
.rating{border-top:1px solid #f0f0f0;padding:12px 14px}
.rating h3{margin:0 0 8px;font-size:15px}
.stars{display:flex;gap:4px;margin-bottom:8px}
.stars button{background:none;color:#d9d9d9;font-size:26px;padding:0 2px;line-height:1}
.stars button.on{color:#fadb14}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
`;
