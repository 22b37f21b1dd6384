import type {
  AuditEntry,
  AuditQuery,
  Center,
  CenterEnvelope,
  Counter,
  CounterEnvelope,
  CreateCenterBody,
  CreateCounterBody,
  CreateServiceBody,
  CreateServiceGroupBody,
  CreateUserBody,
  Service,
  ServiceDeactivated,
  ServiceEnvelope,
  ServiceGroup,
  ServiceGroupEnvelope,
  UpdateCenterBody,
  UpdateCounterBody,
  UpdateServiceBody,
  UpdateServiceGroupBody,
  UpdateUserBody,
  User,
  UserEnvelope,
} from '@navbat/shared';
import { staffRequest } from '../../lib';

const admin = '/api/v1/admin';
const send = <T>(method: 'POST' | 'PATCH', path: string, body: unknown) => staffRequest<T>(path, { method, body });
const remove = <T>(path: string) => staffRequest<T>(path, { method: 'DELETE' });

/** The administration calls of API.md (`/api/v1/admin/...`), each taking and returning the shared types. */
export const adminApi = {
  center: (centerId: string) => staffRequest<CenterEnvelope>(`${admin}/centers/${centerId}`).then((r) => r.center),
  createCenter: (body: CreateCenterBody): Promise<Center> => send<CenterEnvelope>('POST', `${admin}/centers`, body).then((r) => r.center),
  updateCenter: (centerId: string, body: UpdateCenterBody): Promise<Center> =>
    send<CenterEnvelope>('PATCH', `${admin}/centers/${centerId}`, body).then((r) => r.center),

  groups: (centerId: string) => staffRequest<ServiceGroup[]>(`${admin}/centers/${centerId}/service-groups`),
  createGroup: (body: CreateServiceGroupBody): Promise<ServiceGroup> => send<ServiceGroupEnvelope>('POST', `${admin}/service-groups`, body).then((r) => r.group),
  updateGroup: (groupId: number, body: UpdateServiceGroupBody): Promise<ServiceGroup> =>
    send<ServiceGroupEnvelope>('PATCH', `${admin}/service-groups/${groupId}`, body).then((r) => r.group),
  /** Deletes an empty group; the server refuses with IN_USE while services are in it. */
  deleteGroup: (groupId: number) => remove<null>(`${admin}/service-groups/${groupId}`),

  /** All services of a center, inactive ones too. */
  services: (centerId: string) => staffRequest<Service[]>(`${admin}/centers/${centerId}/services`),
  createService: (body: CreateServiceBody): Promise<Service> => send<ServiceEnvelope>('POST', `${admin}/services`, body).then((r) => r.service),
  updateService: (serviceId: number, body: UpdateServiceBody): Promise<Service> =>
    send<ServiceEnvelope>('PATCH', `${admin}/services/${serviceId}`, body).then((r) => r.service),
  /** Deletes an unused service (null), or deactivates one with past tickets and answers it. */
  deleteService: (serviceId: number) => remove<ServiceDeactivated | null>(`${admin}/services/${serviceId}`),

  createCounter: (body: CreateCounterBody): Promise<Counter> => send<CounterEnvelope>('POST', `${admin}/counters`, body).then((r) => r.counter),
  updateCounter: (counterId: number, body: UpdateCounterBody): Promise<Counter> =>
    send<CounterEnvelope>('PATCH', `${admin}/counters/${counterId}`, body).then((r) => r.counter),

  users: () => staffRequest<User[]>(`${admin}/users`),
  createUser: (body: CreateUserBody): Promise<User> => send<UserEnvelope>('POST', `${admin}/users`, body).then((r) => r.user),
  updateUser: (userId: number, body: UpdateUserBody): Promise<User> => send<UserEnvelope>('PATCH', `${admin}/users/${userId}`, body).then((r) => r.user),

  /** Administrative changes, newest first. */
  audit: (query: AuditQuery) =>
    staffRequest<AuditEntry[]>(`${admin}/audit?${new URLSearchParams(Object.entries(query).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]]))).toString()}`),
};
