// The help widget: demo sign-in, a Direct Line token from this server, and Microsoft's Web Chat.
(function () {
  'use strict';

  var ANONYMOUS = '';
  /** The server's limit on a message (src/server/directLine/schemas.ts MAX_TEXT). */
  var MAX_MESSAGE = 4000;
  /** The chat of this tab, kept across reloads and tab restores; cleared only by signing out or picking someone else. */
  var SESSION_KEY = 'account-help.chat';
  var styleOptions = {
    accent: '#0f62a8',
    backgroundColor: '#ffffff',
    bubbleBackground: '#f1f4f8',
    bubbleBorderRadius: 10,
    bubbleBorderWidth: 0,
    bubbleFromUserBackground: '#0f62a8',
    bubbleFromUserTextColor: '#ffffff',
    bubbleFromUserBorderRadius: 10,
    bubbleFromUserBorderWidth: 0,
    bubbleMaxWidth: 340,
    botAvatarInitials: 'AH',
    botAvatarBackgroundColor: '#0f62a8',
    hideUploadButton: true,
    sendBoxButtonColor: '#0f62a8',
    suggestedActionLayout: 'flow',
    primaryFont: "'Segoe UI', system-ui, -apple-system, sans-serif",
  };

  var host = document.getElementById('webchat');
  var picker = document.getElementById('signin');
  var signOut = document.getElementById('signout');
  var counter = document.getElementById('message-count');
  var notice = document.getElementById('message-notice');
  var current;
  var saveTimer;

  function initials(name) {
    return name.split(/\s+/).map(function (part) { return part.charAt(0); }).join('').slice(0, 2).toUpperCase();
  }

  async function postJson(url, body, token) {
    var headers = { 'content-type': 'application/json' };
    if (token) headers.authorization = 'Bearer ' + token;
    var response = await fetch(url, { method: 'POST', headers: headers, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(url + ' answered ' + response.status);
    return response.json();
  }

  function stored() {
    try {
      var session = JSON.parse(window.sessionStorage.getItem(SESSION_KEY) || 'null');
      return session && session.token && session.conversationId && session.user ? session : undefined;
    } catch (error) {
      return undefined;
    }
  }

  function remember(session) {
    try {
      if (session) window.sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
      else window.sessionStorage.removeItem(SESSION_KEY);
    } catch (error) {
      // Storage off (private mode, a policy): the chat still works, it just does not survive a reload.
    }
  }

  // A stored chat is taken up again with a fresh token; when it is gone (expired, the server restarted) a new one starts.
  async function resume(session) {
    var refreshed = await postJson('/v3/directline/tokens/refresh', {}, session.token);
    return { token: refreshed.token, conversationId: refreshed.conversationId, user: refreshed.user, resumed: true };
  }

  async function fresh(userId) {
    var minted = await postJson('/v3/directline/tokens/generate', userId ? { user: userId } : {});
    return { token: minted.token, conversationId: minted.conversationId, user: minted.user, resumed: false };
  }

  function render(session) {
    // Ending the old connection reports "ended" to its listener: `current` must not be it any more by then.
    var previous = current;
    current = undefined;
    if (previous) previous.end();
    window.clearInterval(saveTimer);
    var directLine = window.WebChat.createDirectLine({
      token: session.token,
      domain: window.location.origin + '/v3/directline',
      webSocket: true,
      // A resumed chat asks for its conversation again (GET, no second welcome) and is sent its history.
      conversationId: session.resumed ? session.conversationId : undefined,
      watermark: session.resumed ? '' : undefined,
    });
    current = directLine;
    var keep = function () {
      remember({ token: directLine.token || session.token, conversationId: session.conversationId, user: session.user });
    };
    keep();
    saveTimer = window.setInterval(keep, 60000);
    directLine.connectionStatus$.subscribe(function (status) {
      // 4: FailedToConnect, 5: Ended (the server no longer has the conversation).
      if (current === directLine && (status === 4 || status === 5)) {
        remember(undefined);
        start(session.user.id.indexOf('visitor-') === 0 ? ANONYMOUS : session.user.id);
      }
    });
    var target = document.createElement('div');
    host.replaceChildren(target);
    window.WebChat.renderWebChat(
      {
        directLine: directLine,
        userID: session.user.id,
        username: session.user.name,
        locale: 'en-US',
        styleOptions: Object.assign({}, styleOptions, { userAvatarInitials: initials(session.user.name) }),
      },
      target,
    );
    host.dataset.user = session.user.id;
    host.dataset.conversation = session.conversationId;
    var signedIn = session.user.id.indexOf('visitor-') !== 0;
    if (picker.options.length > 0) picker.value = signedIn ? session.user.id : ANONYMOUS;
    signOut.textContent = signedIn ? 'Sign out' : 'New chat';
    showCount('');
  }

  async function start(userId) {
    render(await fresh(userId));
  }

  async function startOrResume() {
    var session = stored();
    if (session) {
      try {
        return render(await resume(session));
      } catch (error) {
        remember(undefined);
        return start(session.user.id.indexOf('visitor-') === 0 ? ANONYMOUS : session.user.id);
      }
    }
    return start(ANONYMOUS);
  }

  async function setUpSignIn() {
    var config = await (await fetch('/webchat/config')).json();
    if (!config.demoSignIn) return;
    var options = [{ id: ANONYMOUS, name: 'Anonymous visitor', description: 'not signed in' }].concat(config.people);
    options.forEach(function (person) {
      var option = document.createElement('option');
      option.value = person.id;
      option.textContent = person.name + ' (' + person.description + ')';
      picker.appendChild(option);
    });
    document.getElementById('signin-row').hidden = false;
    picker.addEventListener('change', function () {
      remember(undefined);
      start(picker.value);
    });
  }

  // Signing out is the one way to leave a chat on purpose: it forgets this tab's conversation.
  function setUpSignOut() {
    signOut.addEventListener('click', function () {
      remember(undefined);
      start(ANONYMOUS);
    });
  }

  function showCount(text) {
    var length = text.length;
    counter.textContent = length.toLocaleString('en-US') + ' / ' + MAX_MESSAGE.toLocaleString('en-US');
    counter.hidden = length === 0;
    counter.classList.toggle('message-count--full', length >= MAX_MESSAGE);
    if (length < MAX_MESSAGE) notice.hidden = true;
  }

  // Web Chat's send box takes any length and the server refuses over 4,000 characters ("Send failed"): the box is
  // capped instead, with a counter, and a paste that was cut says so.
  function setUpMessageLimit() {
    var cap = function () {
      var boxes = host.querySelectorAll('.webchat__send-box-text-box__input');
      for (var i = 0; i < boxes.length; i++) if (boxes[i].maxLength !== MAX_MESSAGE) boxes[i].maxLength = MAX_MESSAGE;
    };
    new MutationObserver(cap).observe(host, { childList: true, subtree: true });
    // Web Chat empties the box itself after a send, without an input event: the counter also looks now and then.
    var recount = function () {
      var box = host.querySelector('.webchat__send-box-text-box__input');
      showCount(box ? box.value : '');
    };
    host.addEventListener('input', recount);
    host.addEventListener('keyup', recount);
    host.addEventListener('click', recount);
    window.setInterval(recount, 500);
    host.addEventListener('paste', function (event) {
      var box = event.target;
      if (!box.classList || !box.classList.contains('webchat__send-box-text-box__input')) return;
      var pasted = (event.clipboardData && event.clipboardData.getData('text')) || '';
      var kept = box.value.length - (box.selectionEnd - box.selectionStart);
      if (kept + pasted.length > MAX_MESSAGE) {
        notice.textContent =
          'Messages can be up to ' + MAX_MESSAGE.toLocaleString('en-US') + ' characters: only the first ' +
          Math.max(0, MAX_MESSAGE - kept).toLocaleString('en-US') + ' of the ' + pasted.length.toLocaleString('en-US') +
          ' you pasted fit. Send the rest in another message.';
        notice.hidden = false;
      }
    });
  }

  function setUpLauncher() {
    var launcher = document.getElementById('help-launcher');
    var widget = document.getElementById('help-widget');
    function show(open) {
      widget.hidden = !open;
      launcher.setAttribute('aria-expanded', String(open));
    }
    launcher.addEventListener('click', function () { show(true); });
    document.getElementById('help-close').addEventListener('click', function () { show(false); });
  }

  setUpLauncher();
  setUpSignOut();
  setUpMessageLimit();
  setUpSignIn()
    .then(startOrResume)
    .catch(function (error) {
      host.textContent = 'The help assistant could not start: ' + error.message;
    });
})();
