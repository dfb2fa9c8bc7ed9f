// Typings of the @whiskeysockets/baileys module botrt provides (also importable
// as 'baileys' and '@adiwajshing/baileys'). Kept in step with jsapi/baileys by
// TestTypingsDeclareEveryExport: every value export below exists at run time
// and every run-time export is declared here.

declare module '@whiskeysockets/baileys' {
  /** A JS value of Baileys' proto: plain objects with camelCase fields, bytes as Buffer. */
  type ProtoObject = { [key: string]: any };

  export interface WAMessageKey {
    remoteJid?: string | null;
    fromMe?: boolean | null;
    id?: string | null;
    participant?: string | null;
    remoteJidAlt?: string;
    participantAlt?: string;
    addressingMode?: 'pn' | 'lid';
  }
  export type WAMessageContent = ProtoObject;
  export interface WAMessage {
    key: WAMessageKey;
    message?: WAMessageContent | null;
    messageTimestamp?: number | null;
    pushName?: string | null;
    broadcast?: boolean | null;
    status?: number | null;
    participant?: string | null;
    messageStubType?: number | null;
    messageStubParameters?: string[] | null;
    [field: string]: any;
  }
  export type MessageUpsertType = 'append' | 'notify';
  export interface Contact { id: string; lid?: string; name?: string; notify?: string; verifiedName?: string; imgUrl?: string | null; status?: string }
  export interface GroupParticipant { id: string; lid?: string; admin?: 'admin' | 'superadmin' | null; isAdmin?: boolean; isSuperAdmin?: boolean }
  export interface GroupMetadata {
    id: string; owner: string | undefined; subject: string; subjectOwner?: string; subjectTime?: number; creation?: number;
    desc?: string; descOwner?: string; descId?: string; restrict?: boolean; announce?: boolean; size?: number;
    participants: GroupParticipant[]; ephemeralDuration?: number; [field: string]: any;
  }
  export interface Boom<Data = any> extends Error {
    isBoom: true; isServer: boolean; data: Data;
    output: { statusCode: number; payload: { statusCode: number; error: string; message: string }; headers: { [h: string]: string } };
  }
  export interface ConnectionState {
    connection?: 'open' | 'connecting' | 'close';
    /** botrt's close errors are always Boom-shaped (output.statusCode is one of DisconnectReason). */
    lastDisconnect?: { error: Boom | undefined; date: Date };
    isNewLogin?: boolean;
    qr?: string;
    receivedPendingNotifications?: boolean;
    isOnline?: boolean;
  }
  export interface AuthenticationCreds { readonly registered: boolean; readonly me?: Contact; [field: string]: any }
  export interface SignalKeyStore { get(type: string, ids: string[]): Promise<any>; set(data: any): Promise<void>; clear?(): Promise<void> }
  export interface AuthenticationState { creds: AuthenticationCreds; keys: SignalKeyStore }
  export interface BaileysEventMap {
    'connection.update': Partial<ConnectionState>;
    'creds.update': Partial<AuthenticationCreds>;
    'messaging-history.set': { chats: any[]; contacts: Contact[]; messages: WAMessage[]; isLatest?: boolean; progress?: number | null; syncType?: number };
    'chats.upsert': any[];
    'chats.update': any[];
    'chats.delete': string[];
    'presence.update': { id: string; presences: { [participant: string]: { lastKnownPresence: 'unavailable' | 'available' | 'composing' | 'recording' | 'paused'; lastSeen?: number } } };
    'contacts.upsert': Contact[];
    'contacts.update': Partial<Contact>[];
    'messages.delete': { keys: WAMessageKey[] } | { jid: string; all: true };
    'messages.update': { key: WAMessageKey; update: Partial<WAMessage> }[];
    'messages.media-update': { key: WAMessageKey; media?: { ciphertext: Uint8Array; iv: Uint8Array }; error?: Boom }[];
    'messages.upsert': { messages: WAMessage[]; type: MessageUpsertType; requestId?: string };
    'messages.reaction': { key: WAMessageKey; reaction: ProtoObject }[];
    'message-receipt.update': { key: WAMessageKey; receipt: ProtoObject }[];
    'groups.upsert': GroupMetadata[];
    'groups.update': Partial<GroupMetadata>[];
    /** participants are jids (Baileys 6 shape) or, with Baileys 7 shapes selected, participant objects. */
    'group-participants.update': { id: string; author: string; participants: string[] | GroupParticipant[]; action: 'add' | 'remove' | 'promote' | 'demote' | 'modify' };
    'blocklist.set': { blocklist: string[] };
    'blocklist.update': { blocklist: string[]; type: 'add' | 'remove' };
    'call': { chatId: string; from: string; isGroup?: boolean; groupJid?: string; id: string; date: Date; isVideo?: boolean; status: 'offer' | 'ringing' | 'timeout' | 'reject' | 'accept' | 'terminate'; offline: boolean }[];
  }
  export interface BaileysEventEmitter {
    on<T extends keyof BaileysEventMap>(event: T, listener: (arg: BaileysEventMap[T]) => void | Promise<void>): this;
    once<T extends keyof BaileysEventMap>(event: T, listener: (arg: BaileysEventMap[T]) => void | Promise<void>): this;
    off<T extends keyof BaileysEventMap>(event: T, listener: (arg: BaileysEventMap[T]) => void | Promise<void>): this;
    removeAllListeners<T extends keyof BaileysEventMap>(event?: T): this;
    emit<T extends keyof BaileysEventMap>(event: T, arg: BaileysEventMap[T]): boolean;
    process(handler: (events: Partial<BaileysEventMap>) => void | Promise<void>): () => void;
    isBuffering(): boolean;
  }
  export type WAMediaUpload = Buffer | { url: string | URL } | { stream: any };
  /** A link preview as sendMessage's content.linkPreview takes it (null: none; absent: botrt fetches one). */
  export interface WAUrlInfo { 'matched-text': string; 'canonical-url'?: string; title: string; description?: string; jpegThumbnail?: Buffer; originalThumbnailUrl?: string }
  export type AnyMessageContent = { [variant: string]: any } & ({ text: string; linkPreview?: WAUrlInfo | null } | { image: WAMediaUpload } | { video: WAMediaUpload } | { audio: WAMediaUpload } | { document: WAMediaUpload; mimetype: string } | { sticker: WAMediaUpload } | { react: { text: string; key: WAMessageKey } } | { delete: WAMessageKey } | { location: ProtoObject } | { contacts: { displayName?: string; contacts: ProtoObject[] } } | { poll: { name: string; values: string[]; selectableCount?: number } } | { forward: WAMessage; force?: boolean } | { disappearingMessagesInChat: boolean | number } | { [variant: string]: any });
  export interface MiscMessageGenerationOptions { quoted?: WAMessage; messageId?: string; timestamp?: Date; ephemeralExpiration?: number | string; statusJidList?: string[]; [option: string]: any }
  export type WAPresence = 'unavailable' | 'available' | 'composing' | 'recording' | 'paused';
  export interface SocketConfig {
    /** A botrt simulator's ws://host:port/ws/chat, or WhatsApp's URL (the default): the host's endpoint. */
    waWebSocketUrl?: string | URL;
    /** Bounds each connection attempt until the server answers the login (opens or shows a QR code); 408 after it (default 20000). */
    connectTimeoutMs?: number;
    /** Bounds every socket call (queries, sends, app-state changes; not media uploads and downloads): past it the call rejects with 408 (default 60000). */
    defaultQueryTimeoutMs?: number;
    /** When given, botrt pings at this cadence and drops the connection with 408 when a ping goes unanswered for this + 5 s (whatsmeow pings every 20-30 s regardless). */
    keepAliveIntervalMs?: number;
    /** Accepted; botrt makes no start-up queries of its own (see docs/jsapi.md, Socket config). */
    fireInitQueries?: boolean;
    auth: AuthenticationState; logger?: any; printQRInTerminal?: boolean; browser?: [string, string, string]; version?: number[];
    emitOwnEvents?: boolean; markOnlineOnConnect?: boolean; syncFullHistory?: boolean; shouldIgnoreJid?: (jid: string) => boolean | undefined;
    /** Asked (bounded by the host's hook budget) for the content of a message a peer wants sent again; undefined: botrt's message store answers. */
    getMessage?: (key: WAMessageKey) => Promise<WAMessageContent | undefined>;
    /** Awaited before each group send; whatsmeow keeps its own participant cache, so the answer does not pick the recipients. */
    cachedGroupMetadata?: (jid: string) => Promise<GroupMetadata | undefined>;
    /** Applied to every outgoing message before encryption (jids: the recipient's devices; undefined in groups). An array must give every jid the same message. */
    patchMessageBeforeSending?: (msg: WAMessageContent, recipientJids?: string[]) => PatchedMessageWithRecipientJID | PatchedMessageWithRecipientJID[] | Promise<PatchedMessageWithRecipientJID | PatchedMessageWithRecipientJID[]>;
    /** false drops the messaging-history.set of that history sync (botrt has syncType, progress and chunkOrder of the notification). */
    shouldSyncHistoryMessage?: (msg: { syncType?: number; progress?: number; chunkOrder?: number }) => boolean;
    /** Pause after each retry receipt botrt sends (default 250, at most 60000). */
    retryRequestDelayMs?: number;
    /** How often a message is sent again to each device that asks (default 5). */
    maxMsgRetryCount?: number;
    /** Where the resend counts live, under `${id}:${participant}` (default: an internal map). */
    msgRetryCounterCache?: CacheStore;
    /** Accepted; whatsmeow caches devices itself. */
    userDevicesCache?: CacheStore;
    /** Media sent again reuses its upload (keyed by media type and content hash). */
    mediaCache?: CacheStore;
    /** A text's link preview also uploads the page's image as its high-quality thumbnail (default false). */
    generateHighQualityLinkPreview?: boolean;
    /** Width in pixels of a link preview's inline JPEG thumbnail (default 192). */
    linkPreviewImageThumbnailWidth?: number;
    [option: string]: any;
  }
  /** A NodeCache-like store (node-cache's NodeCache fits). */
  export interface CacheStore { get<T>(key: string): T | undefined | Promise<T | undefined>; set<T>(key: string, value: T): unknown; del?(key: string): unknown; flushAll?(): unknown }
  export type PatchedMessageWithRecipientJID = WAMessageContent & { recipientJid?: string; message?: WAMessageContent };
  export type UserFacingSocketConfig = Partial<SocketConfig> & { auth: AuthenticationState };
  export interface WASocket {
    type: 'md';
    ev: BaileysEventEmitter;
    ws: { readonly readyState: number; CONNECTING: 0; OPEN: 1; CLOSING: 2; CLOSED: 3; config: SocketConfig; url: URL; readonly isOpen: boolean; readonly isClosed: boolean; readonly isConnecting: boolean; readonly isClosing: boolean; close(): void; on(event: string, listener: (...args: any[]) => void): any };
    authState: AuthenticationState;
    readonly user: Contact | undefined;
    logger: any;
    /** The resolved config (Baileys' defaults under the script's keys); also ws.config. */
    readonly config: SocketConfig;
    /** Open, and the last presence sent was 'available' (markOnlineOnConnect or sendPresenceUpdate). */
    readonly isOnline: boolean;
    /** Messages the session sent and received since this socket was made (botrt's; Baileys has none). */
    readonly msgCount: number;
    /** Connects a closed socket (after end()): resolves once open, at once when it is; rejects with the attempt's close error, or Boom 401 after a logout. */
    connect(): Promise<void>;
    sendMessage(jid: string, content: AnyMessageContent, options?: MiscMessageGenerationOptions): Promise<WAMessage | undefined>;
    readMessages(keys: WAMessageKey[]): Promise<void>;
    sendReceipt(jid: string, participant: string | undefined, messageIds: string[], type: string): Promise<void>;
    sendReceipts(keys: WAMessageKey[], type: string): Promise<void>;
    sendPresenceUpdate(type: WAPresence, toJid?: string): Promise<void>;
    presenceSubscribe(toJid: string): Promise<void>;
    groupMetadata(jid: string): Promise<GroupMetadata>;
    groupCreate(subject: string, participants: string[]): Promise<GroupMetadata>;
    groupParticipantsUpdate(jid: string, participants: string[], action: 'add' | 'remove' | 'promote' | 'demote'): Promise<{ status: string; jid: string }[]>;
    groupUpdateSubject(jid: string, subject: string): Promise<void>;
    groupUpdateDescription(jid: string, description?: string): Promise<void>;
    groupSettingUpdate(jid: string, setting: 'announcement' | 'not_announcement' | 'locked' | 'unlocked'): Promise<void>;
    groupInviteCode(jid: string): Promise<string | undefined>;
    groupRevokeInvite(jid: string): Promise<string | undefined>;
    groupAcceptInvite(code: string): Promise<string | undefined>;
    groupLeave(id: string): Promise<void>;
    /** Disappearing-messages timer of a group in seconds (86400, 604800 or 7776000); 0 turns it off. */
    groupToggleEphemeral(jid: string, ephemeralExpiration: number): Promise<void>;
    groupFetchAllParticipating(): Promise<{ [jid: string]: GroupMetadata }>;
    profilePictureUrl(jid: string, type?: 'preview' | 'image'): Promise<string | undefined>;
    onWhatsApp(...jids: string[]): Promise<{ jid: string; exists: boolean }[] | undefined>;
    /** Baileys' USync list: status null when unset, '' when hidden from you; setAt when it was set. */
    fetchStatus(...jids: string[]): Promise<{ id: string; status: { status: string | null; setAt: Date } }[]>;
    updateProfileStatus(status: string): Promise<void>;
    /** jid: your own or a group's; the image is cropped square and scaled to at most 640 px as JPEG. */
    updateProfilePicture(jid: string, content: Buffer | { url: string | URL }): Promise<void>;
    removeProfilePicture(jid: string): Promise<void>;
    /** Needs the app-state keys the phone shares after linking. */
    updateProfileName(name: string): Promise<void>;
    fetchBlocklist(): Promise<string[]>;
    updateBlockStatus(jid: string, action: 'block' | 'unblock'): Promise<void>;
    /** Every category the server lists (last, online, profile, status, groupadd, readreceipts, calladd, messages, defense, ...). */
    fetchPrivacySettings(force?: boolean): Promise<{ [category: string]: string }>;
    updateLastSeenPrivacy(value: 'all' | 'contacts' | 'contact_blacklist' | 'none'): Promise<void>;
    updateOnlinePrivacy(value: 'all' | 'match_last_seen'): Promise<void>;
    updateProfilePicturePrivacy(value: 'all' | 'contacts' | 'contact_blacklist' | 'none'): Promise<void>;
    updateStatusPrivacy(value: 'all' | 'contacts' | 'contact_blacklist' | 'none'): Promise<void>;
    updateReadReceiptsPrivacy(value: 'all' | 'none'): Promise<void>;
    updateGroupsAddPrivacy(value: 'all' | 'contacts' | 'contact_blacklist'): Promise<void>;
    updateCallPrivacy(value: 'all' | 'known'): Promise<void>;
    updateMessagesPrivacy(value: 'all' | 'contacts'): Promise<void>;
    /** duration in seconds; 0 turns it off. */
    updateDefaultDisappearingMode(duration: number): Promise<void>;
    /** Baileys 7: the account's 'disable link previews' privacy setting, an app-state change every linked device sees. */
    updateDisableLinkPreviewsPrivacy(isPreviewsDisabled: boolean): Promise<void>;
    rejectCall(callId: string, callFrom: string): Promise<void>;
    /** Baileys 7's shape; null when no channel has that invite code or JID. */
    newsletterMetadata(type: 'invite' | 'jid', key: string): Promise<NewsletterMetadata | null>;
    newsletterFollow(jid: string): Promise<void>;
    newsletterUnfollow(jid: string): Promise<void>;
    /** The socket reference's names for newsletterFollow / newsletterUnfollow. */
    subscribeToNewsLetter(jid: string): Promise<void>;
    unsubscribeToNewsLetter(jid: string): Promise<void>;
    /**
     * App-state chat actions, seen by every linked device. mute: milliseconds to mute for, null unmutes.
     * clear: true empties the chat (Baileys 7); clear: { messages } deletes those messages for me (Baileys 6).
     */
    chatModify(mod: ChatModification, jid: string): Promise<void>;
    /** undefined for an account that is not a business. */
    getBusinessProfile(jid: string): Promise<WABusinessProfile | undefined>;
    /** jid defaults to your own account, limit to 10. */
    getCatalog(options: { jid?: string; limit?: number; cursor?: string }): Promise<{ products: Product[]; nextPageCursor?: string }>;
    getCollections(jid?: string, limit?: number): Promise<{ collections: CatalogCollection[] }>;
    /** price in thousandths of the currency; images as Buffers, files ({ url: path }) or http(s) URLs passed on as given. */
    productCreate(create: ProductCreate): Promise<Product>;
    productUpdate(productId: string, update: Partial<ProductCreate>): Promise<Product>;
    productDelete(productIds: string[]): Promise<{ deleted: number }>;
    requestPairingCode(phoneNumber: string): Promise<string>;
    /**
     * Baileys 6.5's registration: against the botrt simulator it has a code "sent" (shown by the simulator's
     * GET /api/registrations); against WhatsApp it rejects with 403, as a linked device cannot register a number.
     */
    requestRegistrationCode(registrationOptions: RegistrationOptions): Promise<{ status: 'sent'; login: string; method: string; length: number; [wait: string]: any }>;
    /** Completes requestRegistrationCode: the account is created and this socket logs in as it (creds.update, then 'open'). */
    register(code: string): Promise<{ status: 'ok'; login: string; lid?: string }>;
    /**
     * Asks the sender's phone to upload the message's media again (after a 404/410 download): resolves with
     * the same message, its media content updated in place with the new directPath and url (and emits
     * messages.update). Rejects with the phone's answer as a Boom (404: the media is gone, 412: the request
     * did not decrypt, 418: other failure) or 408 when no answer comes within config.defaultQueryTimeoutMs.
     */
    updateMediaMessage(message: WAMessage): Promise<WAMessage>;
    logout(msg?: string): Promise<void>;
    end(error: Error | undefined): Promise<void>;
  }

  export interface RegistrationOptions {
    phoneNumber?: string;
    phoneNumberCountryCode: string;
    phoneNumberNationalNumber: string;
    /** Accepted and not needed by botrt. */
    phoneNumberMobileCountryCode?: string;
    phoneNumberMobileNetworkCode?: string;
    method?: 'sms' | 'voice' | 'captcha' | 'email' | 'wa_old';
  }
  export type LastMessageList = { key: WAMessageKey; messageTimestamp?: number }[];
  export type ChatModification =
    | { archive: boolean; lastMessages?: LastMessageList }
    | { pin: boolean }
    | { mute: number | null }
    | { markRead: boolean; lastMessages?: LastMessageList }
    | { delete: true; lastMessages?: LastMessageList }
    | { star: { messages: { id: string; fromMe?: boolean }[]; star: boolean } }
    | { clear: true; lastMessages?: LastMessageList }
    | { clear: { messages: { id: string; fromMe?: boolean; timestamp: number }[] } };

  export interface WABusinessProfile {
    wid?: string;
    description: string;
    website: string[];
    email?: string;
    category?: string;
    address?: string;
    business_hours: { timezone?: string; business_config?: { day_of_week: string; mode: string; open_time?: string; close_time?: string }[] };
  }
  export interface Product {
    id: string;
    imageUrls: { requested: string; original: string };
    reviewStatus: { whatsapp: string };
    availability: string;
    name: string;
    retailerId: string;
    url: string;
    description: string;
    price: number;
    currency: string;
    isHidden: boolean;
  }
  export interface ProductCreate {
    name: string;
    description?: string;
    retailerId?: string;
    url?: string;
    images: (Buffer | { url: string | URL })[];
    price: number;
    currency: string;
    isHidden?: boolean;
  }
  export interface CatalogCollection {
    id: string;
    name: string;
    products: Product[];
    status: { status: string; canAppeal: boolean };
  }

  export interface NewsletterMetadata {
    id: string;
    state: string;
    name: string;
    description: string;
    invite: string;
    creation_time: number;
    subscribers: number;
    verification: string;
    picture?: { url: string; directPath: string; id: string };
    mute_state?: string;
    viewer_metadata?: { mute: string; role: string };
  }

  export enum DisconnectReason {
    connectionClosed = 428, connectionLost = 408, connectionReplaced = 440, timedOut = 408, loggedOut = 401,
    badSession = 500, restartRequired = 515, multideviceMismatch = 411, forbidden = 403, unavailableService = 503,
  }
  export type ProtoType = { fromObject(o: ProtoObject): ProtoObject; create(o?: ProtoObject): ProtoObject; encode(o: ProtoObject): { finish(): Uint8Array }; decode(b: Uint8Array): ProtoObject; toObject(m: ProtoObject): ProtoObject; [nested: string]: any };

  export default function makeWASocket(config: UserFacingSocketConfig): WASocket;
  export function makeWASocket(config: UserFacingSocketConfig): WASocket;
  export function useMultiFileAuthState(folder: string): Promise<{ state: AuthenticationState; saveCreds: () => Promise<void> }>;
  export function makeCacheableSignalKeyStore(store: SignalKeyStore, logger?: any, cache?: any): SignalKeyStore;
  export function fetchLatestBaileysVersion(options?: any): Promise<{ version: [number, number, number]; isLatest: boolean; error?: any }>;
  /** The SocketConfig defaults makeWASocket fills in (waWebSocketUrl, version, browser, timeouts, ...). */
  export const DEFAULT_CONNECTION_CONFIG: SocketConfig;
  export const Browsers: { ubuntu(b: string): [string, string, string]; macOS(b: string): [string, string, string]; windows(b: string): [string, string, string]; baileys(b: string): [string, string, string]; android(b: string): [string, string, string]; appropriate(b: string): [string, string, string] };
  export function delay(ms: number): Promise<void>;
  export function jidDecode(jid: string | undefined): { user: string; server: string; device?: number; domainType?: number } | undefined;
  export function jidEncode(user: string | number | null, server: string, device?: number, agent?: number): string;
  export function jidNormalizedUser(jid: string | undefined): string;
  export function areJidsSameUser(a: string | undefined, b: string | undefined): boolean;
  export function isJidGroup(jid: string | undefined): boolean | undefined;
  export function isJidBroadcast(jid: string | undefined): boolean | undefined;
  export function isJidStatusBroadcast(jid: string | undefined): boolean | undefined;
  export function isJidNewsletter(jid: string | undefined): boolean | undefined;
  export function isJidUser(jid: string | undefined): boolean | undefined;
  export function isPnUser(jid: string | undefined): boolean | undefined;
  export function isLidUser(jid: string | undefined): boolean | undefined;
  export function isJidBot(jid: string | undefined): boolean | undefined;
  export function isJidMetaAI(jid: string | undefined): boolean | undefined;
  export function isHostedPnUser(jid: string | undefined): boolean | undefined;
  export function isHostedLidUser(jid: string | undefined): boolean | undefined;
  export const S_WHATSAPP_NET: '@s.whatsapp.net';
  export const OFFICIAL_BIZ_JID: string;
  export const SERVER_JID: string;
  export const PSA_WID: string;
  export const STORIES_JID: 'status@broadcast';
  export const WA_DEFAULT_EPHEMERAL: 604800;
  export function getContentType(content: WAMessageContent | null | undefined): string | undefined;
  export function normalizeMessageContent(content: WAMessageContent | null | undefined): WAMessageContent | undefined;
  export function extractMessageContent(content: WAMessageContent | null | undefined): WAMessageContent | undefined;
  /** downloadMediaMessage's ctx: with reuploadRequest (sock.updateMediaMessage), a 404/410 download is re-requested and retried once. */
  export interface DownloadMediaMessageContext {
    reuploadRequest: (message: WAMessage) => Promise<WAMessage>;
    logger?: { info(obj: any, msg?: string): void; [level: string]: any };
  }
  export function downloadMediaMessage(message: WAMessage, type: 'buffer', options?: any, ctx?: DownloadMediaMessageContext): Promise<Buffer>;
  export function downloadMediaMessage(message: WAMessage, type: 'stream', options?: any, ctx?: DownloadMediaMessageContext): Promise<AsyncIterable<Buffer> & { on(event: 'data' | 'end' | 'error', l: (...a: any[]) => void): any }>;
  export function downloadContentFromMessage(content: { mediaKey?: Uint8Array | null; directPath?: string | null; url?: string | null; [field: string]: any }, type: string, options?: any): Promise<AsyncIterable<Buffer> & { on(event: 'data' | 'end' | 'error', l: (...a: any[]) => void): any }>;
  export function generateWAMessageFromContent(jid: string, message: WAMessageContent, options: { userJid?: string; quoted?: WAMessage; timestamp?: Date; messageId?: string; ephemeralExpiration?: number }): WAMessage;
  export function generateMessageID(): string;
  export function generateMessageIDV2(userJid?: string): string;
  export function getAggregateVotesInPollMessage(msg: { message?: WAMessageContent | null; pollUpdates?: any[] | null }, meId?: string): { name: string; voters: string[] }[];
  export const proto: { [type: string]: ProtoType };
  export const WAMessageStubType: { [name: string]: number | string };
  export const WAMessageStatus: { ERROR: 0; PENDING: 1; SERVER_ACK: 2; DELIVERY_ACK: 3; READ: 4; PLAYED: 5; [n: number]: string };
  export interface InMemoryStore {
    chats: { all(): any[]; get(id: string): any; readonly length: number };
    contacts: { [id: string]: Contact };
    messages: { [jid: string]: { array: WAMessage[]; get(id: string): WAMessage | undefined; readonly length: number } };
    groupMetadata: { [jid: string]: GroupMetadata };
    presences: { [jid: string]: { [participant: string]: any } };
    bind(ev: BaileysEventEmitter): void;
    loadMessage(jid: string, id: string): Promise<WAMessage | undefined>;
    loadMessages(jid: string, count: number): Promise<WAMessage[]>;
    mostRecentMessage(jid: string): Promise<WAMessage | undefined>;
    fetchGroupMetadata(jid: string, sock: WASocket): Promise<GroupMetadata>;
    toJSON(): { chats: any[]; contacts: { [id: string]: Contact }; messages: any };
    fromJSON(json: { chats?: any[]; contacts?: any; messages?: any }): void;
    writeToFile(path: string): void;
    readFromFile(path: string): void;
  }
  export function makeInMemoryStore(config?: { logger?: any; [option: string]: any }): InMemoryStore;
  export const BufferJSON: { replacer(key: string, value: any): any; reviver(key: string, value: any): any };
  export function toBuffer(stream: AsyncIterable<Uint8Array> | Buffer): Promise<Buffer>;
  export function toNumber(t: number | { low: number; high: number; toNumber?(): number } | null | undefined): number;
  export function unixTimestampSeconds(date?: Date): number;
  export function generateForwardMessageContent(message: WAMessage, forceForward?: boolean): WAMessageContent;
  export function getDevice(id: string): 'ios' | 'web' | 'android' | 'desktop' | 'unknown';
  export function extensionForMediaMessage(message: WAMessageContent): string;
  /** The preview of text's first URL (a bare host is taken as https), fetched through the bots' network policy; undefined for a page without a title. */
  export function getUrlInfo(text: string, opts?: { thumbnailWidth?: number; fetchOpts?: { timeout?: number } }): Promise<WAUrlInfo | undefined>;
  /** The first http(s) URL of text. */
  export function extractUrlFromText(text: string): string | undefined;
  export function generateLinkPreviewIfRequired(text: string, getUrlInfo: ((url: string) => Promise<WAUrlInfo | undefined>) | undefined, logger?: { warn(obj: unknown, msg?: string): void }): Promise<WAUrlInfo | undefined>;
  export const WAProto: { [type: string]: ProtoType };
}

declare module 'baileys' {
  export * from '@whiskeysockets/baileys';
  export { default } from '@whiskeysockets/baileys';
}

declare module '@adiwajshing/baileys' {
  export * from '@whiskeysockets/baileys';
  export { default } from '@whiskeysockets/baileys';
}
