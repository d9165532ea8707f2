// The help widget: demo sign-in, a Direct Line token from this server, and Microsoft's Web Chat.
(function () {
  'use strict';

  var ANONYMOUS = '';
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
  var current;

  function initials(name) {
    return name.split(/\s+/).map(function (part) { return part.charAt(0); }).join('').slice(0, 2).toUpperCase();
  }

  async function postJson(url, body) {
    var response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(url + ' answered ' + response.status);
    return response.json();
  }

  // Each sign-in starts a new conversation with a token that names the person; the server takes the sender from it.
  async function start(userId) {
    if (current) current.end();
    var session = await postJson('/v3/directline/tokens/generate', userId ? { user: userId } : {});
    var directLine = window.WebChat.createDirectLine({
      token: session.token,
      domain: window.location.origin + '/v3/directline',
      webSocket: false,
      pollingInterval: 400,
    });
    current = directLine;
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
    picker.addEventListener('change', function () { start(picker.value); });
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
  setUpSignIn()
    .then(function () { return start(ANONYMOUS); })
    .catch(function (error) {
      host.textContent = 'The help assistant could not start: ' + error.message;
    });
})();
