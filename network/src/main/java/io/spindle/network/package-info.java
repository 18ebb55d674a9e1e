/**
 * The network layer under every Spindle protocol (the driver RPC in core, the shuffle protocol in
 * shuffle-service), in the manner of Spark's network-common: framing, a versioned handshake with
 * one HMAC authentication, request correlation and backpressure. It knows Netty and nothing of the
 * engine; the protocols define their own message types on top.
 *
 * <h2>Frames</h2>
 * {@link io.spindle.network.FrameLayout}: {@code u32 L, u64 B, L bytes of message (type byte first),
 * B bytes of body}. Types 0xF0-0xFF are this layer's ({@link io.spindle.network.ControlMessage});
 * a protocol uses 0x00-0xEF. {@link io.spindle.network.FrameDecoder} emits the message whole and
 * streams the body; {@link io.spindle.network.FrameEncoder} prefixes the message and lets the body
 * (buffers, file regions) pass.
 *
 * <h2>Handshake</h2>
 * Every connection starts with it; the client speaks first and sends nothing else until AUTH_OK.
 * <pre>
 * client                                              server
 * HELLO(magic, protocol, version, appId, clientId) -->
 *                                                  <-- CHALLENGE(32 random bytes)
 *                                                      or REFUSED VERSION_MISMATCH / UNKNOWN_APPLICATION
 * AUTH(HMAC-SHA256 proof, see {@link io.spindle.network.SecretAuth}) -->
 *                                                  <-- AUTH_OK   or REFUSED AUTHENTICATION_FAILED
 * protocol messages, both ways
 * </pre>
 * A refusal ({@link io.spindle.network.Refusal}) is one REFUSED frame, after which the server
 * closes the connection; a protocol message before AUTH_OK is refused as NOT_AUTHENTICATED,
 * garbage or a handshake that does not finish in time as BAD_MESSAGE. HELLO and REFUSED keep their
 * layout in every future version, so a mismatched peer is always told why in words.
 *
 * <h2>Example exchange</h2>
 * Executor "1" of application "app-1" opens the driver RPC ({@code spindle-rpc} version 5):
 * <pre>
 * client → server HELLO, L = 32
 *   00 00 00 20  00 00 00 00 00 00 00 00  f1
 *   53 50 4e 57                                   magic "SPNW"
 *   00 0b 73 70 69 6e 64 6c 65 2d 72 70 63        "spindle-rpc"
 *   00 00 00 05                                   version 5
 *   00 05 61 70 70 2d 31                          "app-1"
 *   00 01 31                                      client id "1"
 * server → client CHALLENGE, L = 35
 *   00 00 00 23  00 00 00 00 00 00 00 00  f2  00 20  (32 random bytes)
 * client → server AUTH, L = 35
 *   00 00 00 23  00 00 00 00 00 00 00 00  f3  00 20  (32 bytes of HMAC-SHA256)
 * server → client AUTH_OK, L = 1
 *   00 00 00 01  00 00 00 00 00 00 00 00  f4
 * </pre>
 * Had the client sent version 4, the answer would have been a REFUSED frame, then the close:
 * <pre>
 *   00 00 00 ..  00 00 00 00 00 00 00 00  f5  00 01 (VERSION_MISMATCH)  00 .. "Protocol version mismatch: ..."
 * </pre>
 *
 * <h2>Encryption</h2>
 * Optional, per connection ({@code spindle.network.crypto.enabled}). The client asks by adding a
 * nonce of its own to AUTH, or the server requires it by a flag after CHALLENGE's nonce (the client
 * then asks); AUTH_OK carries a flag byte when the server agreed. Both sides derive one AES-256 key
 * per direction ({@link io.spindle.network.SecretAuth#sessionKeys}), and every byte after AUTH_OK is
 * a {@link io.spindle.network.RecordCipher} record: {@code u32 n, n bytes of AES-GCM ciphertext and
 * tag}, at most 64 KiB of plaintext each, numbered per direction (the IV). Until then
 * {@link io.spindle.network.InboundCipher} passes the bytes on one frame at a time, so nothing after
 * the handshake's last frame is decoded as plaintext; {@link io.spindle.network.OutboundCipher}
 * seals buffers as they are written and file regions as the socket takes them
 * ({@link io.spindle.network.SealedFileRegion}). An encrypted handshake:
 * <pre>
 * client → server HELLO (as above)
 * server → client CHALLENGE, L = 36:  00 00 00 24  00 .. 00  f2  00 20 (32 random bytes)  01   (01: required)
 * client → server AUTH, L = 69:       00 00 00 45  00 .. 00  f3  00 20 (proof)  00 20 (32 random bytes: client nonce)
 * server → client AUTH_OK, L = 2:     00 00 00 02  00 .. 00  f4  01
 * then both ways: 00 00 00 2d (45 = 29 + 16) (ciphertext of a 29-byte frame, then its 16-byte tag) ...
 * </pre>
 * A peer of a release without encryption ignores the extra fields; a client that asked and gets a
 * plain AUTH_OK fails, and a server that requires encryption refuses a client that did not ask
 * ({@link io.spindle.network.Refusal#ENCRYPTION_REQUIRED}).
 *
 * <h2>Correlation and backpressure</h2>
 * {@link io.spindle.network.PendingRequests} matches answers to requests by id and bounds the
 * requests outstanding on a connection (fail fast beyond the bound).
 * {@link io.spindle.network.ReadThrottle} stops reading from a connection while it is not
 * writable (for servers whose clients always read).
 */
package io.spindle.network;
