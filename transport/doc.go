// Package transport is the vocabulary of execsim's message networks:
// Message, the Transport and Listener interfaces, and the errors they
// return. It depends on nothing, so a service of its own, the executor,
// fakenet (the simulated network) and transport/tcp (the real one) all
// share it without depending on each other.
package transport
