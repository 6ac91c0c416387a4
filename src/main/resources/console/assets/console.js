// Live pages. A page whose <main> names a stream (data-stream) redraws each of its
// [data-live] parts from the part's own URL whenever the server says something changed.
// Updates that arrive while a redraw is under way are folded into one more redraw, so a
// burst of waves costs two requests, not one per wave. Inputs live outside the redrawn
// parts, so what someone is typing survives an update.
(function () {
	'use strict';

	function redrawer(part) {
		let running = false;
		let again = false;
		async function redraw() {
			if (running) {
				again = true;
				return;
			}
			running = true;
			try {
				do {
					again = false;
					const response = await fetch(part.dataset.live, { headers: { Accept: 'text/html' }, credentials: 'same-origin' });
					if (response.ok) {
						part.innerHTML = await response.text();
						part.dataset.redrawnAt = String(Date.now());
						countdowns(part);
					}
				} while (again);
			} finally {
				running = false;
			}
		}
		return redraw;
	}

	function describe(seconds) {
		if (seconds <= 0) {
			return 'any moment now';
		}
		if (seconds >= 48 * 3600) {
			const hours = Math.floor(seconds / 3600);
			return Math.floor(hours / 24) + 'd ' + (hours % 24) + 'h';
		}
		const h = Math.floor(seconds / 3600);
		const m = Math.floor((seconds % 3600) / 60);
		const s = seconds % 60;
		return (h > 0 ? h + 'h ' : '') + (h > 0 || m > 0 ? m + 'm ' : '') + s + 's';
	}

	function countdowns(root) {
		root.querySelectorAll('[data-until]').forEach((element) => {
			const until = Date.parse(element.dataset.until);
			element.textContent = describe(Math.round((until - Date.now()) / 1000));
		});
	}

	function connect(main) {
		const parts = Array.from(document.querySelectorAll('[data-live]')).map(redrawer);
		const status = document.getElementById('live-status');
		const source = new EventSource(main.dataset.stream);
		source.addEventListener('open', () => {
			if (status) {
				status.textContent = 'live';
				status.className = 'live on';
			}
		});
		source.addEventListener('error', () => {
			if (status) {
				status.textContent = 'reconnecting…';
				status.className = 'live off';
			}
		});
		source.addEventListener('update', () => parts.forEach((redraw) => redraw()));
	}

	document.addEventListener('DOMContentLoaded', () => {
		document.querySelectorAll('form[data-confirm]').forEach((form) => {
			form.addEventListener('submit', (event) => {
				const button = event.submitter;
				const question = (button && button.dataset.confirm) || form.dataset.confirm;
				if (question && (!button || button.dataset.confirm) && !window.confirm(question)) {
					event.preventDefault();
				}
			});
		});
		countdowns(document);
		setInterval(() => countdowns(document), 1000);
		const main = document.querySelector('main[data-stream]');
		if (main) {
			connect(main);
		}
	});
})();
