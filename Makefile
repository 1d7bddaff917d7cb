# Building and installing tcpscope. `make install PREFIX=$HOME/.local` puts the binary in
# PREFIX/bin, its help texts and teaching scripts in PREFIX/share/tcpscope (where the binary
# looks for them), and shell completions where bash, zsh and fish find them.
PREFIX ?= /usr/local
BIN := .build/release/tcpscope
SHARE := $(DESTDIR)$(PREFIX)/share

.PHONY: build install uninstall test demo

build:
	swift build -c release --product tcpscope

install: build
	install -d $(DESTDIR)$(PREFIX)/bin $(SHARE)/tcpscope/help $(SHARE)/tcpscope/scripts
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/tcpscope
	install -m 0644 Assets/help/*.txt $(SHARE)/tcpscope/help/
	install -m 0644 Assets/scripts/*.tcps $(SHARE)/tcpscope/scripts/
	install -d $(SHARE)/bash-completion/completions $(SHARE)/zsh/site-functions $(SHARE)/fish/vendor_completions.d
	$(BIN) --generate-completion-script bash > $(SHARE)/bash-completion/completions/tcpscope
	$(BIN) --generate-completion-script zsh > $(SHARE)/zsh/site-functions/_tcpscope
	$(BIN) --generate-completion-script fish > $(SHARE)/fish/vendor_completions.d/tcpscope.fish

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/tcpscope
	rm -rf $(SHARE)/tcpscope
	rm -f $(SHARE)/bash-completion/completions/tcpscope $(SHARE)/zsh/site-functions/_tcpscope \
	      $(SHARE)/fish/vendor_completions.d/tcpscope.fish

test:
	scripts/test

demo:
	scripts/demo
